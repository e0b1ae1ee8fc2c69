package io.braid.common.pipeline;

import io.braid.common.tensor.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model repository: one folder per model with the model file and a {@code model.yaml}.
 * Loading validates every file and reports all problems at once, naming file, field and reason.
 */
public final class ModelRepository {
    private static final Set<String> FIELDS = Set.of("name", "engine", "file", "pool", "device", "input", "output",
            "labels", "batching", "instances", "threads", "backend", "http");
    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape");
    private static final Set<String> BATCHING_FIELDS = Set.of("maxBatchSize", "maxBatchDelayMs",
            "preferredBatchSizes", "maxQueueSize", "priorityLevels", "maxStarvationMs", "adaptiveDelay");

    private final Map<String, ModelSpec> models;

    private ModelRepository(Map<String, ModelSpec> models) {
        this.models = models;
    }

    /** Loads every {@code <root>/<name>/model.yaml}; folders without one are not models. */
    public static ModelRepository load(Path root) {
        return load(root, true);
    }

    /**
     * Loads the models' metadata only: the model files need not be present. For services that
     * route to models but never run them (gateway, dispatcher).
     */
    public static ModelRepository loadMetadata(Path root) {
        return load(root, false);
    }

    private static ModelRepository load(Path root, boolean requireFiles) {
        Map<String, ModelSpec> models = DefinitionFiles.loadAll(root, "model repository",
                dir -> Files.isRegularFile(dir.resolve("model.yaml")) ? dir.resolve("model.yaml") : null,
                yaml -> parse(yaml, requireFiles), ModelSpec::name);
        checkPoolKinds(models.values());
        return new ModelRepository(models);
    }

    /** A pool is one kind of machine: every model of it has the same device (cpu, gpu or io). */
    private static void checkPoolKinds(Collection<ModelSpec> models) {
        Map<String, ModelSpec> first = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (ModelSpec m : models.stream().sorted(java.util.Comparator.comparing(ModelSpec::name)).toList()) {
            ModelSpec other = first.putIfAbsent(m.pool(), m);
            if (other != null && other.device() != m.device()) {
                violations.add(new Violation(m.directory().resolve("model.yaml").toString(), "device",
                        "pool '" + m.pool() + "' is of kind " + other.device().name().toLowerCase(java.util.Locale.ROOT)
                                + " (model " + other.name() + "); this model's device is "
                                + m.device().name().toLowerCase(java.util.Locale.ROOT) + ": a pool runs one kind"));
            }
        }
        if (!violations.isEmpty()) {
            throw new DefinitionException(violations);
        }
    }

    /** Parses and validates one {@code model.yaml}, including that its model file exists. */
    public static ModelSpec parse(Path yaml) {
        return parse(yaml, true);
    }

    private static ModelSpec parse(Path yaml, boolean requireFile) {
        FieldReader r = new FieldReader(yaml.toString());
        Map<String, Object> root = DefinitionFiles.readMapping(yaml);
        r.rejectUnknown(root, "", FIELDS);
        Path dir = yaml.toAbsolutePath().getParent();
        String name = r.name(root, "", "name");
        if (name != null && !name.equals(dir.getFileName().toString())) {
            r.fail("name", "'" + name + "' must equal its folder name '" + dir.getFileName() + "'");
        }
        ModelSpec.Backend backend = r.choice(root, "", "backend", ModelSpec.Backend.class, ModelSpec.Backend.DJL);
        boolean http = backend == ModelSpec.Backend.HTTP;
        String engine = r.string(root, "", "engine", !http);
        if (engine != null && !engine.equals("PyTorch")) {
            r.fail("engine", "'" + engine + "' is not supported (supported: PyTorch)");
        }
        String modelFile = r.string(root, "", "file", !http);
        if (requireFile && modelFile != null && !Files.isRegularFile(dir.resolve(modelFile))) {
            r.fail("file", "'" + modelFile + "' does not exist in " + dir);
        }
        String pool = r.name(root, "", "pool");
        ModelSpec.Device device = r.choice(root, "", "device", ModelSpec.Device.class,
                http ? ModelSpec.Device.IO : ModelSpec.Device.CPU);
        if (http && device != ModelSpec.Device.IO) {
            r.fail("device", "an http model runs in an io pool (device: io), not " + device.name().toLowerCase(java.util.Locale.ROOT));
        } else if (!http && device == ModelSpec.Device.IO) {
            r.fail("device", "io pools run http models; a djl model runs on cpu or gpu");
        }
        HttpSpec httpSpec = http ? HttpSpecReader.read(r, r.object(root, "", "http", false), name) : null;
        if (!http && root.containsKey("http")) {
            r.fail("http", "applies to backend: http only");
        }
        boolean tensorIn = !http || httpSpec != null && httpSpec.protocol() == HttpSpec.Protocol.OIP_V2;
        ModelSpec.TensorSpec input = tensor(r, r.object(root, "", "input", !http), "input");
        if (input != null && !tensorIn) {
            r.fail("input", "an " + httpSpec.protocol().apiName() + " model takes text; input applies to djl and oip-v2");
        }
        ModelSpec.TensorSpec output = tensor(r, r.object(root, "", "output", false), "output");
        List<String> labels = new ArrayList<>();
        List<?> rawLabels = r.list(root, "", "labels", false);
        if (rawLabels != null) {
            rawLabels.forEach(l -> labels.add(String.valueOf(l)));
        }
        if (!labels.isEmpty() && output != null && output.shape().length == 1 && output.shape()[0] != labels.size()) {
            r.fail("labels", labels.size() + " labels for an output of " + output.shape()[0] + " classes");
        }
        ModelSpec.Batching batching = batching(r, root);
        int instances = (int) r.number(root, "", "instances", 1, 1, 64);
        int threads = (int) r.number(root, "", "threads", 1, 1, 256);
        if (!r.violations().isEmpty()) {
            throw new DefinitionException(r.violations());
        }
        return new ModelSpec(name, http ? httpSpec.protocol().apiName() : engine, modelFile, dir, pool, device, input,
                output, List.copyOf(labels), batching, instances, threads, backend, httpSpec);
    }

    private static ModelSpec.TensorSpec tensor(FieldReader r, Map<String, Object> node, String path) {
        if (node == null) {
            return null;
        }
        r.rejectUnknown(node, path, TENSOR_FIELDS);
        String dtypeName = r.string(node, path, "dtype", true);
        DType dtype = null;
        if (dtypeName != null) {
            try {
                dtype = DType.parse(dtypeName);
            } catch (IllegalArgumentException e) {
                r.fail(path + ".dtype", "'" + dtypeName + "' is not one of float32, float64, int32, int64, uint8");
            }
        }
        List<?> dims = r.list(node, path, "shape", true);
        long[] shape = null;
        if (dims != null) {
            shape = new long[dims.size()];
            for (int i = 0; i < dims.size(); i++) {
                if (dims.get(i) instanceof Number n && n.longValue() > 0) {
                    shape[i] = n.longValue();
                } else {
                    r.fail(path + ".shape[" + i + "]", "must be a positive integer, got '" + dims.get(i) + "'");
                }
            }
        }
        return dtype == null || shape == null ? null : new ModelSpec.TensorSpec(dtype, shape);
    }

    private static ModelSpec.Batching batching(FieldReader r, Map<String, Object> root) {
        Map<String, Object> b = r.object(root, "", "batching", false);
        if (b == null) {
            b = Map.of();
        }
        r.rejectUnknown(b, "batching", BATCHING_FIELDS);
        int max = (int) r.number(b, "batching", "maxBatchSize", 1, 1, 4096);
        long delay = r.number(b, "batching", "maxBatchDelayMs", 0, 0, 60_000);
        int queue = (int) r.number(b, "batching", "maxQueueSize", 1024, 1, 1_000_000);
        int levels = (int) r.number(b, "batching", "priorityLevels", 1, 1, 16);
        long starvation = r.number(b, "batching", "maxStarvationMs", 1000, 1, 600_000);
        boolean adaptive = r.flag(b, "batching", "adaptiveDelay", true);
        List<Integer> preferred = new ArrayList<>();
        List<?> raw = r.list(b, "batching", "preferredBatchSizes", false);
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                Object v = raw.get(i);
                if (v instanceof Integer n && n >= 1 && n <= max) {
                    preferred.add(n);
                } else {
                    r.fail("batching.preferredBatchSizes[" + i + "]", "must be an integer between 1 and maxBatchSize ("
                            + max + "), got '" + v + "'");
                }
            }
        }
        if (queue < max) {
            r.fail("batching.maxQueueSize", queue + " is smaller than maxBatchSize " + max + ": a full batch could never form");
        }
        return new ModelSpec.Batching(max, delay, List.copyOf(preferred), queue, levels, starvation, adaptive);
    }

    public Optional<ModelSpec> find(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Collection<ModelSpec> all() {
        return models.values();
    }

    /** The models served by one pool. */
    public List<ModelSpec> inPool(String pool) {
        return models.values().stream().filter(m -> m.pool().equals(pool)).toList();
    }

    /** Model names by pool, sorted. */
    public Map<String, List<String>> pools() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        models.values().forEach(m -> out.computeIfAbsent(m.pool(), p -> new ArrayList<>()).add(m.name()));
        return out;
    }
}
