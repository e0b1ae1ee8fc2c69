package io.braid.gateway.oip;

import io.braid.common.payload.PayloadKind;
import io.braid.common.pipeline.ModelAlone;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.gateway.rest.ApiProblem;
import io.braid.gateway.service.PipelineRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code /v2/models/<name>} names: a pipeline, or else a model served alone ({@link ModelAlone}), with the
 * tensors it takes and gives. Every one has the single version {@code "1"}.
 *
 * @param name     the name
 * @param pipeline the pipeline that runs it (the model's single-branch pipeline for a model)
 * @param model    whether it is a model served alone
 * @param labels   the class labels of its output
 */
public record OipModel(String name, PipelineDefinition pipeline, boolean model, List<String> labels) {
    /** The only version of every pipeline and model. */
    public static final String VERSION = "1";
    public static final String LABEL = "label";
    public static final String CONFIDENCE = "confidence";
    public static final String PROBABILITIES = "probabilities";
    /** The output of a pipeline whose items end as text (a chat model alone, or a synthesis). */
    public static final String TEXT = "text";

    /** Resolves {@code name} (and {@code version}, null for the default), or 404 saying why not. */
    public static OipModel resolve(PipelineRegistry registry, String name, String version) {
        PipelineDefinition p = registry.findOrModel(name).orElseThrow(() -> ApiProblem.notFound(
                registry.model(name).map(m -> ModelAlone.unservable(m) + "; it is not served alone")
                        .orElse("model '" + name + "' is neither a pipeline nor a model of the repository;"
                                + " GET /v1/pipelines lists the pipelines")));
        if (version != null && !VERSION.equals(version)) {
            throw ApiProblem.notFound("model '" + name + "' has no version '" + version + "'; its only version is "
                    + VERSION);
        }
        return new OipModel(name, p, registry.find(name).isEmpty(), registry.labels(p));
    }

    /** Whether the reduced output of an item carries the full probability vector. */
    public boolean hasProbabilities() {
        return pipeline.reducer() == PipelineDefinition.Reducer.MEAN
                || pipeline.reducer() == PipelineDefinition.Reducer.VOTE
                || pipeline.postprocess() != null && Boolean.TRUE.equals(pipeline.postprocess().params().get("probabilities"));
    }

    /**
     * Whether a job gives one output per item: every reducer but {@code collect}, and {@code collect} of a single
     * branch or with a synthesis step.
     */
    public boolean reduces() {
        return pipeline.reducer() != PipelineDefinition.Reducer.COLLECT || pipeline.branches().size() == 1
                || pipeline.synthesis() != null;
    }

    /** Whether an item's output is a text (its branches answer no labels): the output {@value #TEXT}. */
    public boolean textual() {
        return labels.isEmpty() || pipeline.synthesis() != null;
    }

    /** The output tensors, by name, as the metadata lists them: name, datatype, shape ({@code -1}: any). */
    public List<Map<String, Object>> outputs() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!reduces()) {
            return out;
        }
        if (textual()) {
            out.add(tensor(TEXT, "BYTES", List.of(-1)));
            return out;
        }
        out.add(tensor(LABEL, "BYTES", List.of(-1)));
        out.add(tensor(CONFIDENCE, "FP32", List.of(-1)));
        if (hasProbabilities()) {
            out.add(tensor(PROBABILITIES, "FP32", List.of(-1, labels.size())));
        }
        return out;
    }

    /** The model metadata response of the protocol. */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("versions", List.of(VERSION));
        m.put("platform", model ? "pytorch_libtorch" : "braid_pipeline");
        m.put("inputs", inputs());
        m.put("outputs", outputs());
        return m;
    }

    /**
     * The input tensors: {@code image} (BYTES, one encoded image per element), {@code text} (BYTES, one text per
     * element); a tensor pipeline takes any named tensors, one item each, listed as one {@code tensor} of any shape
     * (datatype FP32 named, FP64, INT32, INT64 and UINT8 taken too); a json pipeline none (it is served on /v1 only).
     */
    public List<Map<String, Object>> inputs() {
        return switch (PayloadKind.parse(pipeline.input())) {
            case IMAGE -> List.of(tensor(InferRequest.INPUT, "BYTES", List.of(-1)));
            case TEXT -> List.of(tensor(InferInputs.TEXT, "BYTES", List.of(-1)));
            case TENSOR -> List.of(tensor("tensor", "FP32", List.of(-1)));
            case JSON -> List.of();
        };
    }

    static Map<String, Object> tensor(String name, String datatype, List<Integer> shape) {
        Map<String, Object> t = new java.util.LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", datatype);
        t.put("shape", shape);
        return t;
    }
}
