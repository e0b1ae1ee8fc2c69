package io.braid.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A pipeline as {@code GET /v1/pipelines} lists it.
 *
 * @param preprocess  its preprocess op; absent when the items go to the branches as they are
 * @param postprocess the op every branch's output goes through; absent when each branch has its own (see branches)
 * @param plan        the model of its plan step; absent when it has none
 * @param synthesis   the model of its synthesis step; absent when it has none
 */
public record PipelineView(String name, String description,
                           @Schema(enumeration = {"image", "text", "json", "tensor"}, description = "the input kind: "
                                   + "the payload field each input of a job carries") String input,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "the preprocess op; absent "
                                   + "when the items go to the branches as they are") String preprocess,
                           List<BranchView> branches,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "the postprocess op of "
                                   + "every branch; absent when each branch's model implies its own") String postprocess,
                           JoinView join, String reducer,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "the model of the plan step "
                                   + "that splits a job's input into subtasks; absent when none") String plan,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "the model of the synthesis "
                                   + "step that merges the branches' outputs; absent when none") String synthesis) {

    /** One branch: its model, the pool that serves it, and the postprocess op its outputs go through. */
    public record BranchView(String name, String model, String pool, String postprocess) {
    }

    /** The join policy. */
    public record JoinView(String policy, int quorum, int maxFailures, long deadlineMs, String onTimeout) {
    }
}
