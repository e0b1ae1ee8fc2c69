package io.braid.gateway.quota;

import io.braid.common.job.LuaSource;
import io.braid.common.auth.Tenant;
import io.braid.gateway.rest.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-tenant rate quotas (requests and input items per second), held in Redis so that they hold across
 * gateway replicas ({@code lua/quota.lua}, the rule of {@link TokenBuckets}). Over a limit: 429 with
 * {@code Retry-After} and the {@code RateLimit-Policy} / {@code RateLimit} headers of the IETF draft
 * (draft-ietf-httpapi-ratelimit-headers).
 */
@ApplicationScoped
public class Quotas {
    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final String script = LuaSource.load("quota.lua");

    @Inject
    public Quotas(ReactiveRedisDataSource redis, Clock clock, MeterRegistry metrics) {
        this.redis = redis;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Redis key of a tenant's buckets; its own hash tag (one key per script call). */
    static String key(String tenant) {
        return "braid:{q:" + tenant + "}:quota";
    }

    /**
     * Takes a request of {@code items} items from the tenant's quota; fails with a 429 {@link ApiProblem} when it
     * is over a limit.
     */
    public Uni<QuotaDecision> take(Tenant tenant, int items) {
        Tenant.Quota q = tenant.quota();
        if (q.requestsPerSecond() <= 0 && q.itemsPerSecond() <= 0) {
            return Uni.createFrom().item(QuotaDecision.UNLIMITED);
        }
        return redis.execute("EVAL", script, "1", key(tenant.name()), Long.toString(clock.millis()),
                        Double.toString(q.requestsPerSecond()), Double.toString(q.itemsPerSecond()), Integer.toString(items))
                .map(Quotas::decision)
                .invoke(d -> {
                    if (!d.allowed()) {
                        metrics.counter("braid_gateway_quota_refused", "tenant", tenant.name()).increment();
                        throw tooMany(tenant, items, d);
                    }
                });
    }

    private static QuotaDecision decision(Response r) {
        return new QuotaDecision(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
    }

    private static ApiProblem tooMany(Tenant tenant, int items, QuotaDecision d) {
        Tenant.Quota q = tenant.quota();
        long resetSeconds = Math.max(1, (d.waitMs() + 999) / 1000);
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder policy = new StringBuilder();
        StringBuilder now = new StringBuilder();
        if (q.requestsPerSecond() > 0) {
            policy.append("\"requests\";q=").append(Math.round(q.requestsPerSecond())).append(";w=1");
            now.append("\"requests\";r=").append(d.requestsLeft()).append(";t=").append(resetSeconds);
        }
        if (q.itemsPerSecond() > 0) {
            policy.append(policy.length() > 0 ? ", " : "").append("\"items\";q=").append(Math.round(q.itemsPerSecond()))
                    .append(";w=1");
            now.append(now.length() > 0 ? ", " : "").append("\"items\";r=").append(d.itemsLeft()).append(";t=")
                    .append(resetSeconds);
        }
        headers.put("RateLimit-Policy", policy.toString());
        headers.put("RateLimit", now.toString());
        return ApiProblem.tooManyRequests("tenant '" + tenant.name() + "' is over its quota ("
                + (q.requestsPerSecond() > 0 ? q.requestsPerSecond() + " requests/s" : "")
                + (q.requestsPerSecond() > 0 && q.itemsPerSecond() > 0 ? ", " : "")
                + (q.itemsPerSecond() > 0 ? q.itemsPerSecond() + " items/s" : "") + "; this request has " + items
                + " items); retry after the time in Retry-After", Duration.ofMillis(Math.max(1000, d.waitMs())), headers);
    }

}
