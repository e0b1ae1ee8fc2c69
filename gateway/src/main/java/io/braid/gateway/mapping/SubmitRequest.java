package io.braid.gateway.mapping;

import io.braid.common.pipeline.JoinOverride;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /v1/pipelines/{pipeline}/jobs}.
 *
 * @param inputs     the input items
 * @param deadlineMs deadline from now; the pipeline's default when absent, capped by the server maximum
 * @param priority   higher runs first where stages queue (0 when absent)
 * @param join       changes to the pipeline's join policy for this job (policy, quorum, maxFailures, onTimeout)
 */
@Schema(description = "A job: its input images and, optionally, its deadline, priority and join policy")
public record SubmitRequest(
        @Schema(required = true, minItems = 1, description = "the input items (at most braid.gateway.max-items)")
        List<Input> inputs,
        @Schema(minimum = "1", description = "deadline from now in ms; the pipeline's default when absent, capped "
                + "by the server maximum") Long deadlineMs,
        @Schema(minimum = "0", description = "higher runs first where stages queue; 0 to the tenant's ceiling, 0 "
                + "when absent") Integer priority,
        @Schema(description = "changes to the pipeline's join policy for this job: policy (all, quorum, first), "
                + "quorum, maxFailures, onTimeout (partial, fail)") JoinOverride join) {

    /**
     * One input item.
     *
     * @param id    the client's id for the item (defaults to its index)
     * @param image base64 of a PNG or JPEG image
     */
    @Schema(description = "One input image")
    public record Input(
            @Schema(description = "the client's id for the item (defaults to its index)") String id,
            @Schema(required = true, contentEncoding = "base64", description = "base64 of a PNG or JPEG image")
            String image) {
    }
}
