package io.braid.gateway.rest;

import io.braid.common.wire.Json;
import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.events.JobEvent;
import io.braid.gateway.events.JobEvents;
import io.braid.gateway.service.JobService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import io.braid.gateway.openapi.ApiDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/**
 * {@code GET /v1/jobs/{jobId}/events}: the job's live events as Server-Sent Events (docs/architecture.md,
 * Live progress and events). {@code Last-Event-ID} (or {@code ?lastEventId=}, for clients that cannot set
 * headers) resumes after the event with that id. Another tenant's job, or an unknown one, is 404.
 */
@Path("/v1/jobs/{jobId}/events")
public class JobEventsResource {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);
    private final JobService jobs;
    private final JobEvents events;
    private final CurrentTenant tenant;

    @Inject
    public JobEventsResource(JobService jobs, JobEvents events, CurrentTenant tenant) {
        this.jobs = jobs;
        this.events = events;
        this.tenant = tenant;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Tag(name = ApiDocument.JOBS)
    @Operation(summary = "Follow a job's events", description = "The job's live events as Server-Sent Events. "
            + "Each event's data is JSON. 'status' {status, at}, 'branch' {item, index, branch, status, at} and 'item' "
            + "{item, index, status, at} carry an id (<ms>-<seq>) to resume after; 'progress' {done, total, percent, "
            + "branches, eta}, without id, comes every braid.gateway.events.progress-interval while the job runs; "
            + "'end' (id 'end') carries the whole job as GET /v1/jobs/{jobId} answers it, and the stream ends.")
    @APIResponse(responseCode = "200", description = "The stream of events, until the job's 'end' event",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "text/event-stream: 'event:', 'id:' and 'data:' (JSON) lines per event")))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Multi<OutboundSseEvent> events(
            @Parameter(description = "the job's id") @PathParam("jobId") String jobId,
            @Parameter(in = ParameterIn.HEADER, description = "resume after the event with this id (<ms>-<seq> as "
                    + "sent in 'id:', or 'end')", schema = @Schema(pattern = "^(end|\\d{1,19}-\\d{1,19})$"))
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(description = "as Last-Event-ID, for clients that cannot set headers (the header wins)",
                    schema = @Schema(pattern = "^(end|\\d{1,19}-\\d{1,19})$"))
            @QueryParam("lastEventId") String lastEventIdParam,
            @jakarta.ws.rs.core.Context Sse sse) {
        String after = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : lastEventIdParam;
        if (after != null && !JobEvent.validId(after)) {
            throw ApiProblem.badRequest("Last-Event-ID '" + abbreviate(after) + "' is not an event id of this API "
                    + "(<ms>-<seq> as sent in 'id:', or 'end')");
        }
        String caller = tenant.get().name();
        // resolved before the stream starts, so an unknown job is a 404 problem, not an empty 200 stream
        JobService.Raw raw = jobs.findRaw(jobId, caller).await().atMost(LOOKUP_TIMEOUT);
        if (raw == null) {
            throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
        }
        Context context = Vertx.currentContext();
        return events.stream(jobId, caller, after, raw).map(e -> {
            OutboundSseEvent.Builder b = sse.newEventBuilder().name(e.name()).data(Json.writeString(e.data()));
            if (e.id() != null) {
                b.id(e.id());
            }
            return b.build();
        }).emitOn(SubmitGate.on(context));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
