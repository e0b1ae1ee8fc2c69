package io.braid.common.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reading definition files: every file of a folder, all violations collected, YAML mappings. */
final class DefinitionFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DefinitionFiles() {
    }

    /**
     * Parses every file of {@code folder} that {@code select} maps to a definition file, by name;
     * fails with every violation of every file.
     */
    static <T> Map<String, T> loadAll(Path folder, String what, Function<Path, Path> select, Function<Path, T> parse,
                                      Function<T, String> name) {
        if (!Files.isDirectory(folder)) {
            throw new DefinitionException(List.of(new Violation(folder.toString(), "-", what + " folder does not exist")));
        }
        Map<String, T> out = new TreeMap<>();
        List<Violation> violations = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.sorted().map(select).filter(Predicate.not(java.util.Objects::isNull)).toList()) {
                try {
                    T parsed = parse.apply(file);
                    out.put(name.apply(parsed), parsed);
                } catch (DefinitionException e) {
                    violations.addAll(e.violations());
                }
            }
        } catch (IOException e) {
            throw new DefinitionException(List.of(new Violation(folder.toString(), "-", "cannot list: " + e.getMessage())));
        }
        if (!violations.isEmpty()) {
            throw new DefinitionException(violations);
        }
        return out;
    }

    /** The top-level mapping of a YAML file; anything else is a violation naming the file. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readMapping(Path yaml) {
        String file = yaml.toString();
        try {
            Object tree = YAML.readValue(yaml.toFile(), Object.class);
            if (!(tree instanceof Map)) {
                throw new DefinitionException(List.of(new Violation(file, "-", "must be a YAML mapping")));
            }
            return (Map<String, Object>) tree;
        } catch (IOException e) {
            throw new DefinitionException(List.of(new Violation(file, "-", "not valid YAML: " + e.getMessage())));
        }
    }
}
