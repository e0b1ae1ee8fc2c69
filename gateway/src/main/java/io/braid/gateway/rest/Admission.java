package io.braid.gateway.rest;

import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.service.InFlightLimit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.function.Supplier;

/**
 * Admission of submits: at most {@code braid.gateway.max-in-flight} are held at once (their waits
 * included); one more is refused with 503 and {@code Retry-After} before it costs anything.
 * Refuses to start when the limit could overrun the Redis pool's wait queue.
 */
@Startup
@ApplicationScoped
public class Admission {
    private final InFlightLimit limit;
    private final GatewayConfig config;

    @Inject
    public Admission(GatewayConfig config, MeterRegistry metrics,
                     @ConfigProperty(name = "quarkus.redis.max-pool-waiting", defaultValue = "24") int poolWaiting) {
        int max = config.gateway().maxInFlight();
        if (max > poolWaiting) {
            throw new IllegalStateException("braid.gateway.max-in-flight (" + max
                    + ") exceeds quarkus.redis.max-pool-waiting (" + poolWaiting
                    + "): every held submit may read Redis at once when its job ends; raise the pool's wait queue"
                    + " or lower the limit");
        }
        this.config = config;
        this.limit = new InFlightLimit(max);
        Gauge.builder("braid_gateway_in_flight", limit, InFlightLimit::held)
                .description("submits held by the gateway, from accept until the answer").register(metrics);
        Gauge.builder("braid_gateway_in_flight_limit", limit, InFlightLimit::max).register(metrics);
        metrics.more().counter("braid_gateway_refused", java.util.List.of(), limit, InFlightLimit::refused);
    }

    /** Runs {@code work} holding a place, given back when its answer is ready; 503 when none is free. */
    public <T> Uni<T> admit(Supplier<Uni<T>> work) {
        if (!limit.tryEnter()) {
            throw ApiProblem.unavailable("the gateway holds " + limit.max() + " requests already"
                    + " (braid.gateway.max-in-flight); retry after the time in Retry-After", config.gateway().retryAfter());
        }
        Uni<T> uni;
        try {
            uni = work.get();
        } catch (RuntimeException e) {
            limit.leave();
            throw e;
        }
        return uni.onTermination().invoke(limit::leave);
    }
}
