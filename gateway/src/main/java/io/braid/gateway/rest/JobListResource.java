package io.braid.gateway.rest;

import io.braid.common.wire.JobStatus;
import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.openapi.ApiDocument;
import io.braid.gateway.service.PipelineRegistry;
import io.braid.gateway.service.RecentJobs;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/jobs}: the caller's tenant's recent jobs, newest first (docs/architecture.md, Jobs list):
 * {@code ?status=} one or more statuses (comma-separated), {@code ?pipeline=}, {@code ?limit=} (1 to
 * {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobListResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final RecentJobs recent;
    private final PipelineRegistry pipelines;
    private final CurrentTenant tenant;

    @Inject
    public JobListResource(RecentJobs recent, PipelineRegistry pipelines, CurrentTenant tenant) {
        this.recent = recent;
        this.pipelines = pipelines;
        this.tenant = tenant;
    }

    /** {@code GET /v1/jobs}: the tenant's recent jobs, newest first. */
    @Schema(description = "The caller's tenant's recent jobs, newest first.")
    public record JobList(@Schema(required = true) List<RecentJobs.Summary> jobs) {
    }

    @GET
    @Path("/jobs")
    @Tag(name = ApiDocument.JOBS)
    @Operation(summary = "List recent jobs", description = "The caller's tenant's recent jobs, newest first (the "
            + "newest braid.gateway.recent-jobs of the last 24 h), filtered by status and pipeline.")
    @APIResponse(responseCode = "200", description = "The jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobList.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Uni<JobList> listJobs(
            @Parameter(description = "one or more statuses, comma-separated (QUEUED, RUNNING, SUCCEEDED, PARTIAL, "
                    + "FAILED, EXPIRED, CANCELLED; any case)") @QueryParam("status") String status,
            @Parameter(description = "only jobs of this pipeline") @QueryParam("pipeline") String pipeline,
            @Parameter(description = "most jobs to answer, 1 to 500 (50 when absent)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500"))
            @QueryParam("limit") Integer limit) {
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT + ", got " + n);
        }
        String wantedPipeline = pipeline == null || pipeline.isBlank() ? null : pipeline.trim();
        if (wantedPipeline != null && pipelines.find(wantedPipeline).isEmpty()) {
            throw ApiProblem.badRequest("pipeline '" + wantedPipeline + "' does not exist; GET /v1/pipelines lists them");
        }
        Set<String> statuses = statuses(status);
        Context context = Vertx.currentContext();
        return recent.list(tenant.get().name(), statuses, wantedPipeline, n)
                .map(JobList::new)
                .emitOn(SubmitGate.on(context));
    }

    private static Set<String> statuses(String param) {
        Set<String> out = new LinkedHashSet<>();
        if (param == null || param.isBlank()) {
            return out;
        }
        for (String s : param.split(",")) {
            String name = s.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(JobStatus.valueOf(name).name());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status '" + s.trim() + "' is not a job status; one or more of "
                        + Arrays.stream(JobStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return out;
    }
}
