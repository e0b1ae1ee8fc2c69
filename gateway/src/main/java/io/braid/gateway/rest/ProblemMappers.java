package io.braid.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.service.StoreUnavailableException;
import jakarta.inject.Inject;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the gateway as {@code application/problem+json} with a detail that says what was wrong. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    GatewayConfig config;

    private ApiProblem busy(String what) {
        return ApiProblem.unavailable(what + "; retry after the time in Retry-After",
                config.gateway().retryAfter());
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        Response.ResponseBuilder r = Response.fromResponse(problem(e.status(), e.title(), e.getMessage(), uri));
        if (e.retryAfterSeconds() != null) {
            r.header("Retry-After", e.retryAfterSeconds());
        }
        e.headers().forEach(r::header);
        return r.build();
    }

    /**
     * A Redis pool whose wait queue is full is load, not a bug: 503 with {@code Retry-After}, never 500.
     * {@code braid.gateway.max-in-flight} keeps this rare; it remains the answer if Redis slows down.
     */
    @ServerExceptionMapper
    public Response poolBusy(ConnectionPoolTooBusyException e, UriInfo uri) {
        LOG.debugf("Redis pool busy serving %s: %s", uri.getPath(), e.getMessage());
        return apiProblem(busy("the job store is busy"), uri);
    }

    /** Redis failed or is away (restarting, unreachable): 503 with {@code Retry-After}, never 500. */
    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e, UriInfo uri) {
        LOG.debugf("job store unavailable serving %s: %s", uri.getPath(), e.getMessage());
        return apiProblem(busy("the job store is unavailable"), uri);
    }

    /**
     * A body of the wrong shape (a string where a number goes, an unknown field): Quarkus' own mapper for
     * these answers 400 with an empty body in production, so this more specific one names the field.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return problem(400, "Bad Request", JsonErrors.describe(e), uri);
    }

    /** JSON that does not parse, or nests deeper than the parser allows. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unparsableJson(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return problem(400, "Bad Request", JsonErrors.describe(e), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response tooDeepJson(com.fasterxml.jackson.core.exc.StreamConstraintsException e, UriInfo uri) {
        return problem(400, "Bad Request", "request body is not acceptable JSON: " + e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return problem(400, "Bad Request", JsonErrors.describe(e), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        String detail = cause instanceof JsonProcessingException j ? JsonErrors.describe(j) : e.getMessage();
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConnectionPoolTooBusyException) {
                return poolBusy((ConnectionPoolTooBusyException) c, uri);
            }
            if (c instanceof StoreUnavailableException) {
                return storeUnavailable((StoreUnavailableException) c, uri);
            }
        }
        LOG.error("unexpected error serving " + uri.getPath(), e);
        return problem(500, "Internal Server Error", e.getClass().getSimpleName() + ": " + e.getMessage(), uri);
    }

    public static Response problem(int status, String title, String detail, UriInfo uri) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(),
                        uri != null && uri.getPath().startsWith("/v2") ? detail : null)).build();
    }
}
