package io.braid.gateway.service;

import io.braid.common.job.JobFields;
import io.braid.common.job.LuaSource;
import io.braid.common.job.RedisKeys;
import io.braid.common.wire.JobStatus;
import io.braid.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A tenant's recent jobs ({@code GET /v1/jobs}): a sorted set of job ids per tenant
 * ({@link RedisKeys#recentJobs}) scored by submit time, written after a job was created and trimmed in the
 * same script; read newest first, each job's summary from its own hash (a job whose retention passed is
 * skipped).
 */
@ApplicationScoped
public class RecentJobs {
    private static final Logger LOG = Logger.getLogger(RecentJobs.class);
    /** Ids read per round while filtering. */
    static final int PAGE = 100;
    private static final String[] FIELDS = {JobFields.STATE, JobFields.PIPELINE, JobFields.ITEMS, JobFields.BRANCHES,
            JobFields.SUBMITTED_AT, JobFields.STARTED_AT, JobFields.FINISHED_AT, JobFields.DEADLINE, JobFields.TENANT};

    /** One job as the list shows it; a timestamp it does not have yet is absent. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Summary(String jobId, String pipeline, String status, int items, int branches, Long submittedAt,
                          Long startedAt, Long finishedAt, Long deadline, Long durationMs) {
    }

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final Clock clock;
    private final String recent = LuaSource.load("recent.lua");

    @Inject
    public RecentJobs(ReactiveRedisDataSource redis, GatewayConfig config, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
    }

    /** Adds a created job to its tenant's list; a store that fails is logged, the job stands without it. */
    public Uni<Void> add(String tenant, String jobId, long submittedAt) {
        long retention = config.gateway().unfinishedRetention().toMillis();
        return redis.execute("EVAL", recent, "1", RedisKeys.recentJobs(tenant), jobId, Long.toString(submittedAt),
                        Long.toString(submittedAt - retention), Integer.toString(config.gateway().recentJobs()),
                        Long.toString(retention / 1000 + 1))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("job %s could not be added to the recent jobs of tenant %s: %s", jobId, tenant, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * The tenant's newest jobs, newest first, at most {@code limit}, of the given statuses (all when empty) and
     * pipeline (any when null).
     */
    public Uni<List<Summary>> list(String tenant, Set<String> statuses, String pipeline, int limit) {
        Predicate<Summary> wanted = s -> (statuses.isEmpty() || statuses.contains(s.status()))
                && (pipeline == null || pipeline.equals(s.pipeline()));
        return collect(tenant, wanted, limit, 0, new ArrayList<>());
    }

    private Uni<List<Summary>> collect(String tenant, Predicate<Summary> wanted, int limit, int from, List<Summary> found) {
        return redis.sortedSet(String.class).zrange(RedisKeys.recentJobs(tenant), from, from + PAGE - 1,
                        new io.quarkus.redis.datasource.sortedset.ZRangeArgs().rev())
                .onFailure().transform(StoreUnavailableException::new)
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(found);
                    }
                    List<Uni<Summary>> reads = ids.stream().map(id -> summary(id, tenant)).toList();
                    return Uni.join().all(reads).andFailFast().chain(page -> {
                        for (Summary s : page) {
                            if (s != null && wanted.test(s) && found.size() < limit) {
                                found.add(s);
                            }
                        }
                        if (found.size() >= limit || ids.size() < PAGE) {
                            return Uni.createFrom().item(found);
                        }
                        return collect(tenant, wanted, limit, from + PAGE, found);
                    });
                });
    }

    private Uni<Summary> summary(String jobId, String tenant) {
        List<String> args = new ArrayList<>(List.of(RedisKeys.job(jobId)));
        args.addAll(List.of(FIELDS));
        return redis.execute("HMGET", args.toArray(String[]::new))
                .onFailure().transform(StoreUnavailableException::new)
                .map(r -> toSummary(jobId, r, tenant));
    }

    private Summary toSummary(String jobId, Response r, String tenant) {
        String state = text(r, 0);
        if (state == null || !tenant.equals(text(r, 8))) {
            return null;
        }
        JobStatus status = JobFields.JOINING.equals(state) ? JobStatus.RUNNING : JobStatus.valueOf(state);
        Long submitted = number(r, 4);
        Long finished = number(r, 6);
        Long duration = submitted == null ? null : (finished != null ? finished : clock.millis()) - submitted;
        Long items = number(r, 2);
        Long branches = number(r, 3);
        return new Summary(jobId, text(r, 1), status.name(), items == null ? 0 : items.intValue(),
                branches == null ? 0 : branches.intValue(), submitted, number(r, 5), finished, number(r, 7), duration);
    }

    private static String text(Response r, int i) {
        Response v = r.get(i);
        return v == null ? null : v.toString();
    }

    private static Long number(Response r, int i) {
        String s = text(r, i);
        return s == null || s.isEmpty() ? null : Long.valueOf(s);
    }
}
