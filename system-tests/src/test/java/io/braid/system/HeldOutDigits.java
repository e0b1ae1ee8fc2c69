package io.braid.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The held-out digit images ({@code models/digits-heldout/<label>_<n>.png}), rendered in a font no model saw. */
final class HeldOutDigits {
    private HeldOutDigits() {
    }

    /** File name (without .png) → PNG bytes, sorted by name. */
    static Map<String, byte[]> load(Path root) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root.resolve("models/digits-heldout"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                out.put(f.getFileName().toString().replace(".png", ""), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The true label encoded in an image id: {@code 7_012} → {@code 7}. */
    static String label(String id) {
        return id.substring(0, id.indexOf('_'));
    }
}
