package io.braid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository root the benchmark's stack runs from ({@code bench/target/stack-root}): links to the built
 * modules, a model repository with the project's models plus the benchmark's own, and the project's
 * pipelines plus the benchmark's. The project's {@code models/} and {@code pipelines/} are never touched.
 */
public final class StackRoot {
    /** Pool of the compute-heavy model, alone so its instance thread is the only one there. */
    static final String HEAVY_POOL = "bench-heavy";
    /** Pool of the near-no-op model. */
    static final String LIGHT_POOL = "bench-light";
    static final String RESNET = "resnet18-gray";
    static final String RESNET_B1 = "resnet18-gray-b1";
    static final String NOOP = "noop";
    static final String RESNET_PIPELINE = "bench-resnet18";
    static final String RESNET_B1_PIPELINE = "bench-resnet18-b1";
    static final String NOOP_PIPELINE = "bench-noop";
    static final List<String> DIGITS_MODELS = List.of("digits-mlp", "digits-cnn", "digits-lenet");

    private static final List<String> LINKED = List.of("common", "stage-kit", "gateway", "dispatcher",
            "preprocess-svc", "inference-svc", "postprocess-svc", "devstack", "pom.xml", "mvnw");

    private StackRoot() {
    }

    /**
     * Recreates {@code root}.
     *
     * @param repo        the project's repository root
     * @param benchModels {@code bench/models}: {@code resnet18-gray/model.pt}, {@code noop/model.pt} and, when the
     *                    project has no trained digit models, {@code digits/<name>/}
     * @param batchDelayMs {@code maxBatchDelayMs} of the benchmark's own batching models (the project's keep theirs)
     * @return notes on what was left out (e.g. a project pipeline whose model is missing)
     */
    public static List<String> prepare(Path repo, Path benchModels, Path root, int batchDelayMs) throws IOException {
        deleteTree(root);
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("pipelines"));
        for (String name : LINKED) {
            Files.createSymbolicLink(root.resolve(name), repo.resolve(name).toAbsolutePath());
        }
        Path models = root.resolve("models");
        List<String> present = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(repo.resolve("models"))) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("model.yaml"))) {
                    Files.createSymbolicLink(models.resolve(dir.getFileName()), dir.toAbsolutePath());
                    present.add(dir.getFileName().toString());
                }
            }
        }
        for (String digits : DIGITS_MODELS) {
            Path trained = benchModels.resolve("digits").resolve(digits);
            if (!present.contains(digits) && Files.isRegularFile(trained.resolve("model.yaml"))) {
                Files.createSymbolicLink(models.resolve(digits), trained.toAbsolutePath());
                present.add(digits);
            }
        }
        writeModel(models, RESNET, benchModels.resolve(RESNET), HEAVY_POOL, "[1, 224, 224]", "[1000]", null, 8,
                batchDelayMs, 256);
        writeModel(models, RESNET_B1, benchModels.resolve(RESNET), HEAVY_POOL, "[1, 224, 224]", "[1000]", null, 1, 0, 256);
        writeModel(models, NOOP, benchModels.resolve(NOOP), LIGHT_POOL, "[1, 28, 28]", "[10]",
                "[\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]", 32, batchDelayMs, 1024);
        present.addAll(List.of(RESNET, RESNET_B1, NOOP));

        List<String> notes = new ArrayList<>();
        Path pipelines = root.resolve("pipelines");
        try (Stream<Path> files = Files.list(repo.resolve("pipelines"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(file);
                List<String> missing = modelsNamed(yaml).stream().filter(m -> !present.contains(m)).toList();
                if (missing.isEmpty()) {
                    Files.writeString(pipelines.resolve(file.getFileName()), yaml);
                } else {
                    notes.add("pipeline " + file.getFileName() + " left out: no model " + missing);
                }
            }
        }
        writePipeline(pipelines, RESNET_PIPELINE, RESNET, 224);
        writePipeline(pipelines, RESNET_B1_PIPELINE, RESNET_B1, 224);
        writePipeline(pipelines, NOOP_PIPELINE, NOOP, 28);
        return notes;
    }

    private static List<String> modelsNamed(String pipelineYaml) {
        List<String> out = new ArrayList<>();
        for (String line : pipelineYaml.split("\n")) {
            String t = line.trim();
            if (t.startsWith("model:")) {
                out.add(t.substring("model:".length()).trim());
            }
        }
        return out;
    }

    private static void writeModel(Path models, String name, Path source, String pool, String inputShape,
                                   String outputShape, String labels, int maxBatch, int delayMs, int queue)
            throws IOException {
        Path file = source.resolve("model.pt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; bench/run.sh generates it");
        }
        Path dir = Files.createDirectories(models.resolve(name));
        Files.createSymbolicLink(dir.resolve("model.pt"), file.toAbsolutePath());
        Files.writeString(dir.resolve("model.yaml"), String.join("\n",
                "# Written by the benchmark (bench/src/main/java/io/braid/bench/StackRoot.java).",
                "name: " + name,
                "engine: PyTorch",
                "file: model.pt",
                "pool: " + pool,
                "device: cpu",
                "input:",
                "  dtype: float32",
                "  shape: " + inputShape,
                "output:",
                "  dtype: float32",
                "  shape: " + outputShape,
                labels == null ? "" : "labels: " + labels,
                "batching:",
                "  maxBatchSize: " + maxBatch,
                "  maxBatchDelayMs: " + delayMs,
                "  maxQueueSize: " + queue,
                "instances: 1",
                "threads: 1",
                ""));
    }

    private static void writePipeline(Path pipelines, String name, String model, int side) throws IOException {
        Files.writeString(pipelines.resolve(name + ".yaml"), String.join("\n",
                "# Written by the benchmark (bench/src/main/java/io/braid/bench/StackRoot.java).",
                "name: " + name,
                "description: Benchmark pipeline, one branch on model " + model + ".",
                "input: image",
                "preprocess:",
                "  op: image-to-tensor",
                "  params:",
                "    width: " + side,
                "    height: " + side,
                "postprocess:",
                "  op: classify",
                "  params:",
                "    topK: 3",
                "branches:",
                "  - name: main",
                "    model: " + model,
                "join:",
                "  policy: all",
                "  deadlineMs: 300000",
                "  onTimeout: partial",
                "reducer: collect",
                ""));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // walk does not follow links, so the linked modules are unlinked, never deleted
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot clean " + root, e);
                }
            }
        }
    }
}
