package io.braid.gateway.quota;

import io.braid.common.job.LuaSource;
import io.braid.common.auth.Tenant;
import io.braid.common.job.RedisKeys;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.progress.PipelineStats;
import io.braid.gateway.rest.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control by work in flight (docs/architecture.md, Admission control), held in Redis so it holds
 * across gateway replicas ({@code lua/inflight-admit.lua}; the dispatcher releases a job when it finishes).
 * Per pipeline: a job is refused with 503 when the pipeline's items in flight pass
 * {@code braid.gateway.admission.max-pipeline-items}, or when, at the service rate the dispatchers observe,
 * the work ahead of it would outlast its deadline. Per tenant: 429 beyond its {@code maxItemsInFlight}.
 * Both answers carry Retry-After: the time the work ahead needs to drain enough at the observed rate.
 */
@ApplicationScoped
public class InFlight {
    private final ReactiveRedisDataSource redis;
    private final PipelineStats stats;
    private final GatewayConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final String admit = LuaSource.load("inflight-admit.lua");
    private final String release = LuaSource.load("inflight-release.lua");
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> aheadBound = new ConcurrentHashMap<>();

    @Inject
    public InFlight(ReactiveRedisDataSource redis, PipelineStats stats, GatewayConfig config, Clock clock,
                    MeterRegistry metrics) {
        this.redis = redis;
        this.stats = stats;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A scope's answer: admitted or not, the items in flight there, and why not ({@code limit}, {@code ahead}). */
    record Answer(boolean admitted, long items, String reason) {
    }

    /**
     * Admits job {@code jobId} of {@code items} items due in {@code deadlineMs} into its pipeline's and its
     * tenant's scopes, or fails with a 503 (pipeline) or 429 (tenant) {@link ApiProblem}.
     */
    public Uni<Void> admit(Tenant tenant, String pipeline, String jobId, int items, long deadlineMs) {
        GatewayConfig.AdmissionBounds bounds = config.gateway().admission();
        long now = clock.millis();
        long expiry = now + deadlineMs + bounds.grace().toMillis();
        return stats.of(pipeline).chain(s -> {
            long ahead = bounds.deadlineCheck() && s.rate() > 0 ? (long) Math.floor(s.rate() * deadlineMs / 1000.0) : -1;
            gauge(aheadBound, "braid_gateway_admission_ahead_bound_items", pipeline).set(ahead);
            return call(admit, RedisKeys.pipelineScope(pipeline), now, jobId, items, expiry, bounds.maxPipelineItems(), ahead)
                    .invoke(a -> {
                        gauge(backlog, "braid_gateway_admission_backlog_items", pipeline).set(a.items());
                        count(pipeline, a.admitted() ? "admitted" : a.reason().equals("limit") ? "backlog" : "deadline");
                        if (!a.admitted()) {
                            throw refusedByPipeline(pipeline, a, items, bounds.maxPipelineItems(), ahead, s.rate(), deadlineMs);
                        }
                    })
                    .chain(a -> ofTenant(tenant, pipeline, jobId, items, now, expiry, s.rate()));
        }).onFailure(e -> !(e instanceof ApiProblem)).transform(e -> ApiProblem.unavailable(
                "the admission store did not answer (" + e.getMessage() + ")", config.gateway().retryAfter()));
    }

    private Uni<Void> ofTenant(Tenant tenant, String pipeline, String jobId, int items, long now, long expiry, double rate) {
        int limit = tenant.quota().maxItemsInFlight();
        if (limit <= 0) {
            return Uni.createFrom().voidItem();
        }
        return call(admit, RedisKeys.tenantScope(tenant.name()), now, jobId, items, expiry, limit, -1)
                .chain(a -> {
                    if (a.admitted()) {
                        return Uni.createFrom().voidItem();
                    }
                    count(pipeline, "tenant");
                    return releaseScope(RedisKeys.pipelineScope(pipeline), jobId, items)
                            .chain(() -> Uni.createFrom().failure(refusedByTenant(tenant, a, items, limit, rate)));
                });
    }

    /** Releases a job that was admitted but not enqueued after all. */
    public Uni<Void> release(String tenant, String pipeline, String jobId, int items) {
        return releaseScope(RedisKeys.pipelineScope(pipeline), jobId, items)
                .chain(() -> releaseScope(RedisKeys.tenantScope(tenant), jobId, items));
    }

    private Uni<Void> releaseScope(String scope, String jobId, int items) {
        return redis.execute("EVAL", release, "2", RedisKeys.inflight(scope), RedisKeys.inflightItems(scope), jobId,
                Integer.toString(items)).replaceWithVoid();
    }

    private Uni<Answer> call(String script, String scope, long now, String jobId, int items, long expiry, long limit,
                             long ahead) {
        return redis.execute("EVAL", script, "2", RedisKeys.inflight(scope), RedisKeys.inflightItems(scope),
                Long.toString(now), jobId, Integer.toString(items), Long.toString(expiry), Long.toString(limit),
                Long.toString(ahead)).map(InFlight::answer);
    }

    private static Answer answer(Response r) {
        return new Answer(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toString());
    }

    /** Seconds until {@code excess} items drained at {@code rate} items/s; at least one. */
    static Duration drain(long excess, double rate, Duration fallback) {
        if (rate <= 0) {
            return fallback;
        }
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(excess / rate)));
    }

    private ApiProblem refusedByPipeline(String pipeline, Answer a, int items, int max, long ahead, double rate,
                                         long deadlineMs) {
        Duration fallback = config.gateway().retryAfter();
        if (a.reason().equals("limit")) {
            return ApiProblem.unavailable("pipeline '" + pipeline + "' has " + a.items() + " items in flight; with this "
                    + "job's " + items + " it would pass its bound of " + max + " (braid.gateway.admission.max-pipeline-items)"
                    + "; retry after the time in Retry-After", drain(a.items() + items - max, rate, fallback));
        }
        return ApiProblem.unavailable(String.format(java.util.Locale.ROOT, "pipeline '%s' has %d items in flight ahead of "
                        + "this job; at its observed rate of %.1f items/s they need %d ms, past the job's deadline of %d ms"
                        + "; retry after the time in Retry-After", pipeline, a.items(), rate,
                (long) (a.items() * 1000 / rate), deadlineMs), drain(a.items() - ahead, rate, fallback));
    }

    private ApiProblem refusedByTenant(Tenant tenant, Answer a, int items, int limit, double rate) {
        Duration retry = drain(a.items() + items - limit, rate, config.gateway().retryAfter());
        return ApiProblem.tooManyRequests("tenant '" + tenant.name() + "' has " + a.items() + " items in flight; with this "
                        + "job's " + items + " it would pass its maxItemsInFlight of " + limit
                        + "; retry after the time in Retry-After", retry,
                Map.of("RateLimit-Policy", "\"inflight\";q=" + limit,
                        "RateLimit", "\"inflight\";r=" + Math.max(0, limit - a.items()) + ";t=" + retry.toSeconds()));
    }

    private void count(String pipeline, String decision) {
        metrics.counter("braid_gateway_admission", "pipeline", pipeline, "decision", decision).increment();
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String pipeline) {
        return gauges.computeIfAbsent(pipeline, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).tag("pipeline", p).register(metrics);
            return value;
        });
    }

}
