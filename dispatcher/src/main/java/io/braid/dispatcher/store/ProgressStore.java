package io.braid.dispatcher.store;

import io.braid.common.job.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The jobs' progress trees and the pipelines' stage statistics in Redis (docs/architecture.md, Progress). */
@ApplicationScoped
public class ProgressStore {
    /** How long a pipeline's statistics outlive their last update. */
    static final long STATS_TTL_SECONDS = 86_400;
    private final RedisDataSource redis;
    private final LuaScripts scripts;
    private final String progress = LuaScripts.load("progress.lua");
    private final String release = LuaScripts.load("inflight-release.lua");

    @Inject
    public ProgressStore(RedisDataSource redis) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
    }

    /** Marks cells ({@code <item>:<branch>}) of a running job as having entered {@code stage}; how many changed. */
    public long mark(String jobId, String stage, long at, List<String> cells) {
        List<String> args = new ArrayList<>(2 + cells.size());
        args.add(stage);
        args.add(Long.toString(at));
        args.addAll(cells);
        return scripts.eval(progress, List.of(RedisKeys.job(jobId), RedisKeys.tree(jobId)), args.toArray(String[]::new))
                .toLong();
    }

    /** The job's progress tree (empty once it finished). */
    public Map<String, String> tree(String jobId) {
        return redis.hash(String.class).hgetall(RedisKeys.tree(jobId));
    }

    /** Writes this dispatcher's fields of a pipeline's statistics. */
    public void writeStats(String pipeline, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return;
        }
        redis.hash(String.class).hset(RedisKeys.stats(pipeline), fields);
        redis.key().expire(RedisKeys.stats(pipeline), STATS_TTL_SECONDS);
    }

    /**
     * Releases a finished job's items from its tenant's and its pipeline's in-flight scopes (admission
     * control; the gateway admitted them). Releasing twice changes nothing.
     */
    public void releaseInFlight(String jobId, String tenant, String pipeline, long items) {
        for (String scope : List.of(RedisKeys.tenantScope(tenant), RedisKeys.pipelineScope(pipeline))) {
            scripts.eval(release, List.of(RedisKeys.inflight(scope), RedisKeys.inflightItems(scope)), jobId,
                    Long.toString(items));
        }
    }

    /** The items of a pipeline's jobs in flight (admission control's counter; 0 when none). */
    public long inFlightItems(String pipeline) {
        String n = redis.value(String.class).get(RedisKeys.inflightItems(RedisKeys.pipelineScope(pipeline)));
        return n == null ? 0 : Long.parseLong(n);
    }
}
