package io.braid.gateway.rest;

import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/jobs/{jobId}/events} of a job that does not exist (or is another tenant's) is 404 problem+json,
 * answered here before {@link JobEventsResource} starts the stream: once a Server-Sent Events response has begun,
 * an error can only reset it (the client saw the connection reset, not the 404 the API documents).
 */
public class JobEventsPrecheck {
    private static final Pattern EVENTS = Pattern.compile("^/v1/jobs/([^/]+)/events/?$");
    private final JobService jobs;
    private final CurrentTenant tenant;

    @Inject
    public JobEventsPrecheck(JobService jobs, CurrentTenant tenant) {
        this.jobs = jobs;
        this.tenant = tenant;
    }

    /** Runs after {@code AuthFilter} (priority 100), so the caller's tenant is known. */
    @ServerRequestFilter(priority = 200)
    public Uni<Response> requireJob(ContainerRequestContext ctx, UriInfo uri) {
        Matcher m = EVENTS.matcher(uri.getPath());
        if (!m.matches() || !"GET".equals(ctx.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        String jobId = m.group(1);
        return jobs.findRaw(jobId, tenant.get().name()).map(raw -> raw != null ? null : ProblemMappers.problem(404,
                "Not Found", "job '" + jobId + "' does not exist (or its retention has passed)", uri));
    }
}
