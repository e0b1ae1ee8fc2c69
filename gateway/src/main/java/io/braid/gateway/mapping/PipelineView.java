package io.braid.gateway.mapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A pipeline as {@code GET /v1/pipelines} lists it. */
public record PipelineView(String name, String description,
                           @Schema(enumeration = {"image", "text", "json", "tensor"}, description = "the input kind: "
                                   + "the payload field each input of a job carries") String input, String preprocess, List<BranchView> branches,
                           String postprocess, JoinView join, String reducer) {

    /** One branch: its model and the pool that serves it. */
    public record BranchView(String name, String model, String pool) {
    }

    /** The join policy. */
    public record JoinView(String policy, int quorum, int maxFailures, long deadlineMs, String onTimeout) {
    }
}
