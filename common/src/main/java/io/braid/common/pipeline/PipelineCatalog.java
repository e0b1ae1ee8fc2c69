package io.braid.common.pipeline;

import io.braid.common.pipeline.PipelineDefinition.Branch;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.Operator;

import io.braid.common.ops.OpRegistry;
import io.braid.common.ops.OpSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All pipelines of a folder, validated against the model repository. Any violation in any file
 * fails the whole load, so a service never starts with half its pipelines.
 */
public final class PipelineCatalog {
    /** Supported input kinds: the API names of the payload kinds, in their order. */
    public static final Set<String> INPUT_TYPES = java.util.Arrays.stream(io.braid.common.payload.PayloadKind.values())
            .map(io.braid.common.payload.PayloadKind::apiName)
            .collect(java.util.stream.Collectors.collectingAndThen(
                    java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new),
                    java.util.Collections::unmodifiableSet));

    private static final Set<String> FIELDS = Set.of("name", "description", "input", "preprocess", "branches",
            "postprocess", "join", "reducer", "retry", "itemsPerTask", "inputFields", "synthesis", "plan");
    private static final Set<String> OP_FIELDS = Set.of("op", "params");
    private static final Set<String> BRANCH_FIELDS = Set.of("name", "model", "postprocess", "system", "prompt");
    private static final Set<String> SYNTHESIS_FIELDS = Set.of("model", "system", "prompt", "reserveMs");
    private static final Set<String> PLAN_FIELDS = Set.of("model", "system", "prompt", "maxSubtasks");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "backoffMs");
    private static final Set<String> JOIN_FIELDS = Set.of("policy", "quorum", "maxFailures", "deadlineMs", "onTimeout");

    private final Map<String, PipelineDefinition> pipelines;
    private final ModelRepository models;

    private PipelineCatalog(Map<String, PipelineDefinition> pipelines, ModelRepository models) {
        this.pipelines = pipelines;
        this.models = models;
    }

    /** Loads every {@code *.yaml} of {@code dir}; models are checked against {@code models}. */
    public static PipelineCatalog load(Path dir, ModelRepository models) {
        return new PipelineCatalog(DefinitionFiles.loadAll(dir, "pipeline",
                f -> f.toString().endsWith(".yaml") ? f : null, f -> parse(f, models), PipelineDefinition::name), models);
    }

    /** Parses and validates one pipeline file. */
    public static PipelineDefinition parse(Path yaml, ModelRepository models) {
        FieldReader r = new FieldReader(yaml.toString());
        Map<String, Object> root = DefinitionFiles.readMapping(yaml);
        r.rejectUnknown(root, "", FIELDS);
        String name = r.name(root, "", "name");
        String stem = yaml.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (name != null && !name.equals(stem)) {
            r.fail("name", "'" + name + "' must equal the file name '" + stem + "'");
        }
        String description = r.string(root, "", "description", false);
        String input = r.string(root, "", "input", true);
        if (input != null && !INPUT_TYPES.contains(input)) {
            r.fail("input", "'" + input + "' is not one of " + INPUT_TYPES);
        }
        Operator pre = operator(r, r.object(root, "", "preprocess", false), "preprocess", OpRegistry.PREPROCESS);
        Operator post = operator(r, r.object(root, "", "postprocess", false), "postprocess", OpRegistry.POSTPROCESS);
        List<Branch> branches = branches(r, r.list(root, "", "branches", true), models);
        JoinSpec join = join(r, r.object(root, "", "join", false), branches.size());
        PipelineDefinition.Reducer reducer = r.choice(root, "", "reducer", PipelineDefinition.Reducer.class,
                PipelineDefinition.Reducer.COLLECT);
        PipelineDefinition.Retry retry = retry(r, r.object(root, "", "retry", false));
        int itemsPerTask = (int) r.number(root, "", "itemsPerTask", PipelineDefinition.DEFAULT_ITEMS_PER_TASK, 1, 1024);
        List<String> inputFields = new ArrayList<>();
        List<?> rawFields = r.list(root, "", "inputFields", false);
        if (rawFields != null) {
            rawFields.forEach(f -> inputFields.add(String.valueOf(f)));
            if (!"json".equals(input)) {
                r.fail("inputFields", "applies to json input only");
            }
        }
        PipelineDefinition.Synthesis synthesis = synthesis(r, r.object(root, "", "synthesis", false));
        PipelineDefinition.Plan plan = plan(r, r.object(root, "", "plan", false));
        if (!r.violations().isEmpty()) {
            throw new DefinitionException(r.violations());
        }
        PipelineDefinition p = new PipelineDefinition(name, description, input, pre, branches, post, join, reducer, retry,
                itemsPerTask, inputFields, synthesis, plan);
        PipelineChecks.check(r, p, models);
        if (!r.violations().isEmpty()) {
            throw new DefinitionException(r.violations());
        }
        return p;
    }

    private static PipelineDefinition.Synthesis synthesis(FieldReader r, Map<String, Object> node) {
        if (node == null) {
            return null;
        }
        r.rejectUnknown(node, "synthesis", SYNTHESIS_FIELDS);
        return new PipelineDefinition.Synthesis(r.string(node, "synthesis", "model", true),
                r.string(node, "synthesis", "system", false), r.string(node, "synthesis", "prompt", true),
                r.number(node, "synthesis", "reserveMs", 2_000, 0, 3_600_000));
    }

    private static PipelineDefinition.Plan plan(FieldReader r, Map<String, Object> node) {
        if (node == null) {
            return null;
        }
        r.rejectUnknown(node, "plan", PLAN_FIELDS);
        return new PipelineDefinition.Plan(r.string(node, "plan", "model", true), r.string(node, "plan", "system", false),
                r.string(node, "plan", "prompt", false), (int) r.number(node, "plan", "maxSubtasks", 16, 1, 1000));
    }

    private static Operator operator(FieldReader r, Map<String, Object> node, String path, String stage) {
        if (node == null) {
            return null;
        }
        r.rejectUnknown(node, path, OP_FIELDS);
        String op = r.string(node, path, "op", true);
        Map<String, Object> params = r.object(node, path, "params", false);
        OpSpec spec = op == null ? null : OpRegistry.find(op).filter(o -> o.stage().equals(stage)).orElse(null);
        if (op != null && spec == null) {
            r.fail(path + ".op", "'" + op + "' is not one of " + OpRegistry.names(stage));
        } else if (spec != null) {
            for (String[] v : OpRegistry.paramViolations(spec, params == null ? Map.of() : params)) {
                r.fail(path + "." + v[0], v[1]);
            }
        }
        return new Operator(op, params);
    }

    @SuppressWarnings("unchecked")
    private static List<Branch> branches(FieldReader r, List<?> raw, ModelRepository models) {
        List<Branch> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (raw.isEmpty()) {
            r.fail("branches", "needs at least one branch");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String path = "branches[" + i + "]";
            if (!(raw.get(i) instanceof Map)) {
                r.fail(path, "must be a mapping with name and model");
                continue;
            }
            Map<String, Object> node = (Map<String, Object>) raw.get(i);
            r.rejectUnknown(node, path, BRANCH_FIELDS);
            String name = r.name(node, path, "name");
            if (name != null && !seen.add(name)) {
                r.fail(path + ".name", "'" + name + "' is used by another branch");
            }
            String model = r.string(node, path, "model", true);
            if (model != null && models.find(model).isEmpty()) {
                r.fail(path + ".model", "'" + model + "' is not in the model repository");
            }
            Operator post = operator(r, r.object(node, path, "postprocess", false), path + ".postprocess",
                    OpRegistry.POSTPROCESS);
            out.add(new Branch(name, model, post, r.string(node, path, "system", false),
                    r.string(node, path, "prompt", false)));
        }
        return out;
    }

    private static JoinSpec join(FieldReader r, Map<String, Object> node, int branches) {
        Map<String, Object> n = node == null ? Map.of() : node;
        r.rejectUnknown(n, "join", JOIN_FIELDS);
        PipelineDefinition.JoinPolicy policy = r.choice(n, "join", "policy", PipelineDefinition.JoinPolicy.class,
                PipelineDefinition.JoinPolicy.ALL);
        int quorum = (int) r.number(n, "join", "quorum", policy == PipelineDefinition.JoinPolicy.QUORUM ? -1 : 1, 1, 1000);
        if (policy == PipelineDefinition.JoinPolicy.QUORUM && quorum == -1) {
            r.fail("join.quorum", "is required when policy is quorum");
        } else if (branches > 0 && quorum > branches) {
            r.fail("join.quorum", quorum + " exceeds the number of branches (" + branches + ")");
        }
        int maxFailures = (int) r.number(n, "join", "maxFailures", -1, 0, 1000);
        long deadline = r.number(n, "join", "deadlineMs", 30_000, 1, 86_400_000);
        PipelineDefinition.OnTimeout onTimeout = r.choice(n, "join", "onTimeout", PipelineDefinition.OnTimeout.class,
                PipelineDefinition.OnTimeout.PARTIAL);
        return new JoinSpec(policy, quorum, maxFailures, deadline, onTimeout);
    }

    private static PipelineDefinition.Retry retry(FieldReader r, Map<String, Object> node) {
        if (node == null) {
            return PipelineDefinition.Retry.DEFAULT;
        }
        r.rejectUnknown(node, "retry", RETRY_FIELDS);
        int attempts = (int) r.number(node, "retry", "maxAttempts", PipelineDefinition.Retry.DEFAULT.maxAttempts(), 1, 20);
        long backoff = r.number(node, "retry", "backoffMs", PipelineDefinition.Retry.DEFAULT.backoffMs(), 0, 60_000);
        return new PipelineDefinition.Retry(attempts, backoff);
    }

    public Optional<PipelineDefinition> find(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /**
     * The pipeline named {@code name}, else the model of that name served alone ({@link ModelAlone}): what a job's
     * pipeline name means to the dispatcher, and what {@code /v2/models/<name>} names. A pipeline wins over a model
     * of the same name.
     */
    public Optional<PipelineDefinition> findOrModel(String name) {
        Optional<PipelineDefinition> pipeline = find(name);
        return pipeline.isPresent() ? pipeline : models.find(name).flatMap(ModelAlone::pipeline);
    }

    public Collection<PipelineDefinition> all() {
        return pipelines.values();
    }
}
