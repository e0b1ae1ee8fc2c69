package io.braid.gateway.mapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a cancel whose job had not finished within the wait (202): it ends CANCELLED soon.
 *
 * @param jobId           the job's id
 * @param status          its status when the answer was given
 * @param cancelRequested always true
 */
@Schema(description = "A cancellation that was requested; the job ends CANCELLED once every stage skipped its work.")
public record CancelRequested(
        @Schema(required = true) String jobId,
        @Schema(required = true, description = "the job's status when the answer was given",
                enumeration = {"QUEUED", "RUNNING"}) String status,
        @Schema(required = true, description = "always true") boolean cancelRequested) {
}
