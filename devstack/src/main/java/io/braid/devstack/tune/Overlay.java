package io.braid.devstack.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A case's copy of the model repository and pipelines: {@code <dir>/models/<model>/} holds the model's
 * {@code model.yaml} (changed or not) and links to its other files, {@code <dir>/pipelines/} copies of the
 * pipeline files; the services of the case run with {@code BRAID_MODELS_DIR} and {@code BRAID_PIPELINES_DIR}
 * pointing there. The project's {@code models/} and {@code pipelines/} are never written.
 */
public final class Overlay {
    /**
     * One changed file.
     *
     * @param path   relative to the repository root, e.g. {@code models/digits-mlp/model.yaml}
     * @param before the project's text
     * @param after  the case's text
     */
    public record Change(String path, String before, String after) {
    }

    private Overlay() {
    }

    /** The files {@code settings} change, read from {@code repo}'s {@code models/} and {@code pipelines/}. */
    public static List<Change> changes(Path repo, String pipeline, List<Setting> settings) {
        Map<String, String[]> texts = new LinkedHashMap<>();   // path -> {before, after}
        for (Setting s : settings) {
            String path = s.pipelineKnob() ? "pipelines/" + pipeline + ".yaml" : "models/" + s.model() + "/model.yaml";
            String[] t = texts.computeIfAbsent(path, p -> {
                String text = read(repo.resolve(p));
                return new String[]{text, text};
            });
            t[1] = YamlEdit.set(t[1], s.knob(), s.value());
        }
        List<Change> out = new ArrayList<>();
        texts.forEach((path, t) -> {
            if (!t[0].equals(t[1])) {
                out.add(new Change(path, t[0], t[1]));
            }
        });
        return out;
    }

    /** The unified diff of the changes, to apply at the repository root with {@code git apply}. */
    public static String patch(List<Change> changes) {
        StringBuilder out = new StringBuilder();
        changes.forEach(c -> out.append(UnifiedDiff.of(c.path(), c.before(), c.after())));
        return out.toString();
    }

    /** Writes the overlay of {@code repo} with {@code changes} to {@code dir} (recreated); returns {@code dir}. */
    public static Path write(Path repo, Path dir, List<Change> changes) {
        try {
            deleteTree(dir);
            Map<String, String> changed = new LinkedHashMap<>();
            changes.forEach(c -> changed.put(c.path(), c.after()));
            try (Stream<Path> models = Files.list(repo.resolve("models"))) {
                for (Path model : models.filter(Files::isDirectory).toList()) {
                    Path target = Files.createDirectories(dir.resolve("models").resolve(model.getFileName()));
                    try (Stream<Path> files = Files.list(model)) {
                        for (Path f : files.toList()) {
                            String rel = "models/" + model.getFileName() + "/" + f.getFileName();
                            if (changed.containsKey(rel)) {
                                Files.writeString(target.resolve(f.getFileName()), changed.get(rel));
                            } else if (f.getFileName().toString().equals("model.yaml")) {
                                Files.copy(f, target.resolve(f.getFileName()));
                            } else {
                                Files.createSymbolicLink(target.resolve(f.getFileName()), f.toAbsolutePath());
                            }
                        }
                    }
                }
            }
            Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
            try (Stream<Path> files = Files.list(repo.resolve("pipelines"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String rel = "pipelines/" + f.getFileName();
                    Files.writeString(pipelines.resolve(f.getFileName()), changed.getOrDefault(rel, Files.readString(f)));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the overlay " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {   // walk does not follow links: targets are never deleted
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
