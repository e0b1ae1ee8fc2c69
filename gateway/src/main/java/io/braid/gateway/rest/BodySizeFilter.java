package io.braid.gateway.rest;

import io.braid.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Refuses bodies above the configured size with 413 before they are read. */
public class BodySizeFilter {
    private final long max;

    @Inject
    public BodySizeFilter(GatewayConfig config) {
        this.max = config.gateway().maxRequestBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<jakarta.ws.rs.core.Response> check(ContainerRequestContext ctx, UriInfo uri) {
        int length = ctx.getLength();
        if (length > max) {
            return Optional.of(ProblemMappers.problem(413, "Content Too Large",
                    "request body is " + length + " bytes; the limit is " + max, uri));
        }
        return Optional.empty();
    }
}
