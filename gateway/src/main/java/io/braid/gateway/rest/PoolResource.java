package io.braid.gateway.rest;

import io.braid.gateway.openapi.ApiDocument;
import io.braid.gateway.service.PoolStatistics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

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

    /** {@code GET /v1/pools}: every pool of the model repository with what its processes reported lately. */
    @Schema(description = "Every inference pool with what its processes reported in the last 15 s.")
    public record PoolList(@Schema(required = true) List<PoolStatistics.PoolView> pools) {
    }

    @GET
    @Path("/pools")
    @Tag(name = ApiDocument.POOLS)
    @Operation(summary = "List the pools' statistics", description = "Per inference pool and model: queue length "
            + "and capacity, items per second, batches and the batch-size histogram, summed over the pool's processes "
            + "that reported in the last 15 s (each reports every 2 s).")
    @APIResponse(responseCode = "200", description = "The pools",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PoolList.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Uni<PoolList> listPools() {
        Context context = Vertx.currentContext();
        return statistics.pools()
                .map(PoolList::new)
                .emitOn(SubmitGate.on(context));
    }
}
