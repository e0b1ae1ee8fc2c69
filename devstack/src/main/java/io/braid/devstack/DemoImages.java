package io.braid.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The demo's sample images: {@code <label>_<n>.png} files (held-out digits rendered in a font the models
 * never saw), picked in turn from each label so that a few jobs show every digit.
 */
public final class DemoImages {

    /**
     * One image.
     *
     * @param file  the PNG
     * @param label the true label, from the file name
     */
    public record Sample(Path file, String label) {
        /** The file name without {@code .png}, used as the input's id. */
        public String id() {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - ".png".length());
        }

        /** The PNG's bytes. */
        public byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    private DemoImages() {
    }

    /**
     * Picks {@code count} images from {@code dir}, one label after another.
     *
     * @throws IllegalStateException when the folder holds no {@code <label>_<n>.png} file
     */
    public static List<Sample> pick(Path dir, int count) {
        Map<String, List<Path>> byLabel = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().matches("[^_]+_.+\\.png"))
                        .sorted()
                        .forEach(f -> byLabel.computeIfAbsent(labelOf(f), l -> new ArrayList<>()).add(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        if (byLabel.isEmpty()) {
            throw new IllegalStateException("no <label>_<n>.png images in " + dir
                    + "; they are made with the demo models (see the README), or pass --images DIR");
        }
        List<Sample> picked = new ArrayList<>();
        for (int round = 0; picked.size() < count; round++) {
            boolean any = false;
            for (Map.Entry<String, List<Path>> e : byLabel.entrySet()) {
                if (round < e.getValue().size() && picked.size() < count) {
                    picked.add(new Sample(e.getValue().get(round), e.getKey()));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return picked;
    }

    private static String labelOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('_'));
    }
}
