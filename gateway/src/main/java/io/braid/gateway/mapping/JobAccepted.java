package io.braid.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a submit that is not finished yet (202): where to follow it is in {@code Location}.
 *
 * @param jobId   the job's id
 * @param status  QUEUED or RUNNING
 * @param traceId the job's trace (W3C trace id); absent when not traced
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A job that was accepted and is not finished yet; GET the Location to follow it.")
public record JobAccepted(
        @Schema(required = true, description = "the job's id") String jobId,
        @Schema(required = true, description = "the job's status now",
                enumeration = {"QUEUED", "RUNNING"}) String status,
        @Schema(description = "the job's trace (W3C trace id), for ./braid trace or a tracing backend; absent when not traced")
        String traceId) {
}
