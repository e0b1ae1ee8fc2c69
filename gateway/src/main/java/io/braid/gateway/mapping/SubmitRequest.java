package io.braid.gateway.mapping;

import io.braid.common.pipeline.JoinOverride;

import java.util.List;

/**
 * The body of {@code POST /v1/pipelines/{pipeline}/jobs}.
 *
 * @param inputs     the input items
 * @param deadlineMs deadline from now; the pipeline's default when absent, capped by the server maximum
 * @param priority   higher runs first where stages queue (0 when absent)
 * @param join       changes to the pipeline's join policy for this job (policy, quorum, maxFailures, onTimeout)
 */
public record SubmitRequest(List<Input> inputs, Long deadlineMs, Integer priority, JoinOverride join) {

    /**
     * One input item.
     *
     * @param id    the client's id for the item (defaults to its index)
     * @param image base64 of a PNG or JPEG image
     */
    public record Input(String id, String image) {
    }
}
