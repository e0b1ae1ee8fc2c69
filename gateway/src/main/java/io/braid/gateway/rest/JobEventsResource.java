package io.braid.gateway.rest;

import io.braid.common.wire.Json;
import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.events.JobEvent;
import io.braid.gateway.events.JobEvents;
import io.braid.gateway.service.JobService;
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

/**
 * {@code GET /v1/jobs/{jobId}/events}: the job's live events as Server-Sent Events (docs/architecture.md,
 * Live progress and events). {@code Last-Event-ID} (or {@code ?lastEventId=}, for clients that cannot set
 * headers) resumes after the event with that id. Another tenant's job, or an unknown one, is 404.
 */
@Path("/v1/jobs/{jobId}/events")
public class JobEventsResource {
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
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("jobId") String jobId, @HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("lastEventId") String lastEventIdParam,
                                          @jakarta.ws.rs.core.Context Sse sse) {
        String after = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : lastEventIdParam;
        if (after != null && !JobEvent.validId(after)) {
            throw ApiProblem.badRequest("Last-Event-ID '" + abbreviate(after) + "' is not an event id of this API "
                    + "(<ms>-<seq> as sent in 'id:', or 'end')");
        }
        String caller = tenant.get().name();
        Context context = Vertx.currentContext();
        return jobs.findRaw(jobId, caller).onItem().transformToMulti(raw -> {
            if (raw == null) {
                throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
            }
            return events.stream(jobId, caller, after, raw);
        }).map(e -> {
            OutboundSseEvent.Builder b = sse.newEventBuilder().name(e.name()).mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(Json.writeString(e.data()));
            if (e.id() != null) {
                b.id(e.id());
            }
            return b.build();
        }).emitOn(context == null ? Runnable::run : task -> context.runOnContext(v -> task.run()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
