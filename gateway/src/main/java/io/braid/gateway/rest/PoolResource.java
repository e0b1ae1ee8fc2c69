package io.braid.gateway.rest;

import io.braid.gateway.service.PoolStatistics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/pools}: per inference pool and model, the queue length, the batch-size histogram and the
 * throughput, as the pools' processes report them (docs/architecture.md, Pool statistics). Pools are shared
 * by all tenants; any key may read them.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {
    private final PoolStatistics statistics;

    @Inject
    public PoolResource(PoolStatistics statistics) {
        this.statistics = statistics;
    }

    @GET
    @Path("/pools")
    public Uni<Map<String, List<PoolStatistics.PoolView>>> pools() {
        Context context = Vertx.currentContext();
        return statistics.pools()
                .map(pools -> Map.of("pools", pools))
                .emitOn(task -> {
                    if (context == null) {
                        task.run();
                    } else {
                        context.runOnContext(v -> task.run());
                    }
                });
    }
}
