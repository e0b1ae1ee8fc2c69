package io.braid.gateway.rest;

import io.braid.common.wire.RecordLimits;
import io.braid.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Refuses bodies that cannot become a Kafka record with 413 before they are read: the limit is the
 * largest record value ({@code braid.max-record-bytes} less the header reserve) as base64, plus room for
 * the JSON around it. A body within it whose job is still too large is refused once decoded.
 */
public class BodySizeFilter {
    private final long max;
    private final int maxRecordBytes;

    @Inject
    public BodySizeFilter(GatewayConfig config) {
        this.maxRecordBytes = config.maxRecordBytes();
        this.max = RecordLimits.maxBodyBytes(maxRecordBytes);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<jakarta.ws.rs.core.Response> check(ContainerRequestContext ctx, UriInfo uri) {
        int length = ctx.getLength();
        if (length > max) {
            return Optional.of(ProblemMappers.problem(413, "Content Too Large", "request body is " + length
                    + " bytes; the limit is " + max + " bytes (a job must fit one Kafka record of "
                    + RecordLimits.SETTING + "=" + maxRecordBytes + " bytes, its images as base64)", uri));
        }
        return Optional.empty();
    }
}
