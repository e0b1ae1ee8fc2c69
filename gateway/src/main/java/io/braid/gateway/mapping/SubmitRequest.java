package io.braid.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.braid.common.pipeline.JoinOverride;
import io.braid.gateway.payload.ExactJsonDeserializer;
import io.braid.gateway.payload.StrictStringDeserializer;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/pipelines/{pipeline}/jobs}.
 *
 * @param inputs     the input items
 * @param deadlineMs deadline from now; the pipeline's default when absent, capped by the server maximum
 * @param priority   higher runs first where stages queue (0 when absent)
 * @param join       changes to the pipeline's join policy for this job (policy, quorum, maxFailures, onTimeout)
 */
@Schema(description = "A job: its inputs (images, texts, JSON documents or tensors, as the pipeline's input kind "
        + "says) and, optionally, its deadline, priority and join policy")
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
     * One input item: its id and exactly one payload, the field of the pipeline's input kind
     * ({@code GET /v1/pipelines} shows it as {@code input}).
     *
     * @param id     the client's id for the item (defaults to its index)
     * @param image  base64 of a PNG or JPEG image (pipelines of input kind image)
     * @param text   a non-empty string (kind text)
     * @param json   a JSON object or array (kind json)
     * @param tensor an Open Inference Protocol v2 tensor (kind tensor)
     */
    @Schema(description = "One input item: its id and exactly one payload field, the one of the pipeline's input "
            + "kind (image, text, json or tensor; GET /v1/pipelines shows it as input)")
    public record Input(
            @Schema(description = "the client's id for the item (defaults to its index)") String id,
            @Schema(contentEncoding = "base64", description = "pipelines of input kind image: base64 of a PNG or JPEG "
                    + "image (at most braid.images.max-side pixels a side, braid.images.max-pixels in all)")
            String image,
            @Schema(minLength = 1, description = "pipelines of input kind text: a non-empty string of valid Unicode, at "
                    + "most braid.gateway.inputs.max-text-bytes as UTF-8 (1 MiB by default); the item is its UTF-8")
            @JsonDeserialize(using = StrictStringDeserializer.class) String text,
            @Schema(implementation = Object.class, oneOf = {Map.class, List.class}, description = "pipelines of input "
                    + "kind json: a JSON object or array (no bare scalar), at most braid.gateway.inputs.max-json-bytes compact (1 MiB by default); the item "
                    + "is its compact UTF-8, numbers as sent")
            @JsonDeserialize(using = ExactJsonDeserializer.class) JsonNode json,
            @Schema(description = "pipelines of input kind tensor: an Open Inference Protocol v2 tensor")
            TensorInput tensor) {
    }

    /**
     * A tensor in Open Inference Protocol v2 form.
     *
     * @param name     its name (optional; not carried: a job item is one tensor)
     * @param shape    its dimensions
     * @param datatype its element type
     * @param data     its elements, flat or nested row-major
     */
    @Schema(description = "A tensor in Open Inference Protocol v2 form; the item is its Braid tensor encoding "
            + "(application/x-braid-tensor)")
    public record TensorInput(
            @Schema(description = "its name (optional; informative only)") String name,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = Long.class, maxItems = 8,
                    description = "its dimensions: at most 8 non-negative integers whose product (at most "
                            + "braid.gateway.inputs.max-tensor-elements, 16 Mi by default) is the number of elements")
            JsonNode shape,
            @Schema(required = true, enumeration = {"FP32", "FP64", "INT32", "INT64", "UINT8"},
                    description = "the element type") String datatype,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = Object.class, description = "the elements, row-major: flat, or nested "
                    + "arrays that are rectangular; numbers of the datatype's type and range")
            JsonNode data) {
    }
}
