package io.braid.gateway.testing;

import io.braid.common.job.RedisKeys;
import io.braid.common.wire.Json;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moves a job on as the dispatcher does, with the dispatcher's own Lua scripts (read from its module, so a
 * change of the job hash or of the events stream there is seen here): {@code start.lua} makes it RUNNING
 * (a {@code status} event), {@code record.lua} records branch outcomes ({@code branch} and {@code item}
 * events; the last decided item makes it JOINING), {@code finish.lua} makes it terminal (the {@code end}
 * event, and its id announced on {@code braid:finished}). The same keys and arguments as
 * {@code dispatcher/.../store/FanInStore}.
 */
public final class DispatcherScripts {
    private static final Path LUA = Path.of("../dispatcher/src/main/resources/lua");
    private static final long RETENTION_SECONDS = 3600;
    private final RedisDataSource redis;
    private final Clock clock;

    public DispatcherScripts(RedisDataSource redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** QUEUED → RUNNING with the rule of a join {@code all} over {@code branches}, no failure tolerated. */
    public void start(String jobId, List<String> itemIds, int branches) {
        Response r = eval("start.lua", List.of(RedisKeys.job(jobId), RedisKeys.events(jobId)), now(),
                Integer.toString(itemIds.size()), Integer.toString(branches), Integer.toString(branches), "0",
                Json.writeString(itemIds), "PARTIAL");
        assertThat(r.toString()).isEqualTo("started");
    }

    /** Records one branch outcome ({@code ok}, {@code error}, {@code timeout}); returns the script's verdict. */
    public String record(String jobId, int item, String branch, String status) {
        String task = jobId + "/" + item + "/" + branch;
        Response r = eval("record.lua", List.of(RedisKeys.job(jobId), RedisKeys.results(jobId), RedisKeys.items(jobId),
                        RedisKeys.events(jobId), RedisKeys.tree(jobId)), now(), task, Integer.toString(item), status,
                "{\"taskId\":\"" + task + "\",\"status\":\"" + status + "\"}");
        return r.get(0).toString();
    }

    /** JOINING → {@code status} with a small result; the job must have joined (its last item decided). */
    public void finish(String jobId, String status) {
        Response r = eval("finish.lua", List.of(RedisKeys.job(jobId), RedisKeys.results(jobId), RedisKeys.items(jobId),
                        RedisKeys.deadlinesOf(jobId), RedisKeys.events(jobId), RedisKeys.tree(jobId)), status,
                "{\"items\":[]}", now(), Long.toString(RETENTION_SECONDS), jobId, "");
        assertThat(r.toInteger()).as("finish.lua found %s JOINING", jobId).isEqualTo(1);
    }

    /**
     * Releases a finished job's items from its tenant's and pipeline's in-flight scopes, as
     * {@code ProgressStore.releaseInFlight} does (with common's {@code lua/inflight-release.lua}).
     */
    public void releaseInFlight(String jobId, String tenant, String pipeline, int items) {
        String release = classpathScript("/lua/inflight-release.lua");
        for (String scope : List.of(RedisKeys.tenantScope(tenant), RedisKeys.pipelineScope(pipeline))) {
            redis.execute("EVAL", release, "2", RedisKeys.inflight(scope), RedisKeys.inflightItems(scope), jobId,
                    Integer.toString(items));
        }
    }

    /** Writes a pipeline's statistics as one dispatcher instance observed them now: {@code rate} items finished per second. */
    public void observedRate(String pipeline, double rate) {
        redis.hash(String.class).hset(RedisKeys.stats(pipeline), java.util.Map.of(
                "test-dispatcher|rate", String.format(java.util.Locale.ROOT, "%.3f", rate), "test-dispatcher|at", now()));
    }

    private static String classpathScript(String resource) {
        try (java.io.InputStream in = DispatcherScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private Response eval(String script, List<String> keys, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(read(script));
        cmd.add(Integer.toString(keys.size()));
        cmd.addAll(keys);
        cmd.addAll(List.of(args));
        return redis.execute("EVAL", cmd.toArray(String[]::new));
    }

    private static String read(String script) {
        try {
            return Files.readString(LUA.resolve(script));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
