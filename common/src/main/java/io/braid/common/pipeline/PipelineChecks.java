package io.braid.common.pipeline;

import io.braid.common.ops.OpRegistry;
import io.braid.common.ops.OpSpec;
import io.braid.common.ops.Template;
import io.braid.common.ops.ValueShape;
import io.braid.common.payload.PayloadKind;
import io.braid.common.pipeline.PipelineDefinition.Branch;
import io.braid.common.pipeline.PipelineDefinition.Operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a pipeline's steps fit together, given its models: each step takes what the previous one makes
 * (kinds and tensor shapes), every template names only fields that will exist, prompts go to text models, and the
 * reducer can combine what the branches output. Violations name the field and say why.
 */
final class PipelineChecks {
    private PipelineChecks() {
    }

    static void check(FieldReader r, PipelineDefinition p, ModelRepository models) {
        PayloadKind kind = PayloadKind.parse(p.input());
        if (p.plan() != null && kind != PayloadKind.TEXT && kind != PayloadKind.JSON) {
            r.fail("plan", "a plan splits a text or json input; this pipeline's input is " + kind.apiName());
        }
        // after a plan every item is a subtask: a text
        ValueShape items = p.plan() != null ? ValueShape.of(PayloadKind.TEXT)
                : kind == PayloadKind.TENSOR ? ValueShape.tensor(null, null) : ValueShape.of(kind);
        ValueShape branchInput = items;
        if (p.preprocess() != null) {
            branchInput = apply(r, "preprocess", p.preprocess(), items, itemFields(items, p));
        } else if (kind == PayloadKind.IMAGE) {
            r.fail("preprocess", "is required for image input (a model takes a tensor; image-to-tensor makes one)");
            branchInput = null;
        }
        Map<String, Boolean> branchFields = branchInput == null ? null : itemFields(branchInput, p);
        boolean allClassify = true;
        for (int i = 0; i < p.branches().size(); i++) {
            Branch b = p.branches().get(i);
            String path = "branches[" + i + "]";
            ModelSpec m = b.model() == null ? null : models.find(b.model()).orElse(null);
            if (m == null) {
                continue; // reported by the branch reader
            }
            boolean textModel = m.inputShape().kind() == PayloadKind.TEXT;
            if (branchInput != null && !fits(branchInput, m.inputShape())) {
                r.fail(path + ".model", "model '" + m.name() + "' takes " + m.inputShape() + "; "
                        + (p.preprocess() != null ? "the preprocess step makes " : "the pipeline's items are ") + branchInput);
            }
            if (!textModel && (b.system() != null || b.prompt() != null)) {
                r.fail(path + (b.system() != null ? ".system" : ".prompt"), "applies to text models (openai-chat, "
                        + "openai-embeddings); model '" + m.name() + "' takes " + m.inputShape());
            }
            templateFields(r, path + ".prompt", b.prompt(), branchFields);
            Operator post = p.postprocessOf(b, m);
            String postPath = b.postprocess() != null ? path + ".postprocess" : p.postprocess() != null ? "postprocess"
                    : path + ".model";
            apply(r, postPath, post, m.outputShape(), null);
            if ("classify".equals(post.op()) && m.labels().isEmpty() && post.params().get("labels") == null) {
                r.fail(postPath, "classify needs labels: model '" + m.name() + "' declares none and params.labels is unset");
            }
            allClassify &= "classify".equals(post.op());
        }
        if (!allClassify && (p.reducer() == PipelineDefinition.Reducer.MEAN || p.reducer() == PipelineDefinition.Reducer.VOTE
                || p.reducer() == PipelineDefinition.Reducer.BEST)) {
            r.fail("reducer", p.reducer().name().toLowerCase(java.util.Locale.ROOT) + " combines classifications; a branch "
                    + "here outputs something else (use collect)");
        }
        if (p.plan() != null) {
            textModel(r, "plan.model", p.plan().model(), models);
            templateFields(r, "plan.prompt", p.plan().prompt(), Map.of("input", true));
        }
        if (p.synthesis() != null) {
            textModel(r, "synthesis.model", p.synthesis().model(), models);
            Map<String, Boolean> known = new LinkedHashMap<>();
            known.put("input", true);
            known.put("branches", false);
            p.branchNames().forEach(n -> known.put("branches." + n, true));
            if (p.plan() != null) {
                known.put("subtasks", true);
            }
            templateFields(r, "synthesis.prompt", p.synthesis().prompt(), known);
            if (p.synthesis().reserveMs() >= p.join().deadlineMs()) {
                r.fail("synthesis.reserveMs", p.synthesis().reserveMs() + " leaves the branches nothing of the "
                        + p.join().deadlineMs() + " ms deadline");
            }
        }
    }

    /** Runs an operator over an input shape: its kind, params and output; null when it cannot apply. */
    private static ValueShape apply(FieldReader r, String path, Operator op, ValueShape in, Map<String, Boolean> fields) {
        OpSpec spec = OpRegistry.find(op.op()).orElse(null);
        if (spec == null) {
            return null; // unknown op: reported by the operator reader
        }
        if (!spec.accepts().contains(in.kind())) {
            r.fail(path + ".op", op.op() + " takes " + spec.accepts().stream().map(PayloadKind::apiName).sorted().toList()
                    + "; it would get " + in);
            return null;
        }
        if (op.params().get("template") instanceof String t) {
            templateFields(r, path + ".params.template", t, fields);
        }
        try {
            return spec.output().apply(in, spec.withDefaults(op.params()));
        } catch (IllegalArgumentException | ClassCastException e) {
            r.fail(path, e.getMessage());
            return null;
        }
    }

    private static boolean fits(ValueShape have, ValueShape wanted) {
        return have.fits(wanted) || have.kind() == PayloadKind.JSON && wanted.kind() == PayloadKind.TEXT;
    }

    /** The fields a template over an item of this shape may name; null when they cannot be known (undeclared JSON). */
    private static Map<String, Boolean> itemFields(ValueShape item, PipelineDefinition p) {
        if (item.kind() == PayloadKind.TEXT) {
            return Map.of("text", false);
        }
        if (item.kind() == PayloadKind.JSON && !p.inputFields().isEmpty()) {
            Map<String, Boolean> known = new LinkedHashMap<>();
            known.put("json", false);
            p.inputFields().forEach(f -> known.put(f, true));
            return known;
        }
        return item.kind() == PayloadKind.JSON ? null : Map.of();
    }

    private static void templateFields(FieldReader r, String path, String template, Map<String, Boolean> known) {
        if (template == null || known == null) {
            return;
        }
        String unknown = Template.of(template).unknownField(known);
        if (unknown != null) {
            r.fail(path, "names {{" + unknown + "}}, which does not exist here (known: " + known.keySet() + ")");
        }
    }

    private static void textModel(FieldReader r, String path, String name, ModelRepository models) {
        if (name == null) {
            return;
        }
        ModelSpec m = models.find(name).orElse(null);
        if (m == null) {
            r.fail(path, "'" + name + "' is not in the model repository");
        } else if (!m.remote() || m.http().protocol() != HttpSpec.Protocol.OPENAI_CHAT) {
            r.fail(path, "'" + name + "' must be a chat model (backend: http, protocol: openai-chat)");
        }
    }

    /** The op names of a stage, for messages. */
    static List<String> ops(String stage) {
        return OpRegistry.names(stage);
    }
}
