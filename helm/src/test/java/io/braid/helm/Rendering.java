package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The objects of one {@code helm template} run, as JSON trees. */
record Rendering(List<JsonNode> objects) {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern ENSURE_TOPIC = Pattern.compile("(?m)^ensure (\\S+) (\\d+) (-?\\d+) (\\d+)$");

    static Rendering parse(String manifest) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered output is not YAML", e);
        }
        return new Rendering(List.copyOf(objects));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    static String label(JsonNode object, String key) {
        return object.path("metadata").path("labels").path(key).asText(null);
    }

    /** A pod template or Pod: where it comes from, its metadata and its spec. */
    record PodTemplate(String owner, JsonNode metadata, JsonNode spec) {
    }

    /** Every pod the release can start: Deployment and Job templates, and bare Pods (helm test). */
    List<PodTemplate> pods() {
        List<PodTemplate> pods = new ArrayList<>();
        for (JsonNode o : objects) {
            switch (o.path("kind").asText()) {
                case "Deployment", "Job" -> pods.add(new PodTemplate(id(o), o.path("spec").path("template").path("metadata"),
                        o.path("spec").path("template").path("spec")));
                case "Pod" -> pods.add(new PodTemplate(id(o), o.path("metadata"), o.path("spec")));
                default -> {
                }
            }
        }
        return pods;
    }

    /** The environment of a container as name → value (valueFrom entries map to null). */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").isMissingNode()
                ? null : e.path("value").asText()));
        return env;
    }

    /**
     * Partitions of every topic the release creates: from the KafkaTopic resources (Strimzi) or from the
     * {@code ensure <topic> <partitions> <retention.ms> <retention.bytes>} lines of the topics Job.
     */
    Map<String, Integer> topicPartitions() {
        Map<String, Integer> partitions = new TreeMap<>();
        ofKind("KafkaTopic").forEach(t -> partitions.put(t.path("spec").path("topicName").asText(),
                t.path("spec").path("partitions").asInt()));
        for (JsonNode job : ofKind("Job")) {
            for (JsonNode container : job.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode arg : container.path("args")) {
                    Matcher m = ENSURE_TOPIC.matcher(arg.asText());
                    while (m.find()) {
                        partitions.put(m.group(1), Integer.parseInt(m.group(2)));
                    }
                }
            }
        }
        return partitions;
    }

    /**
     * {@code retention.ms} and {@code retention.bytes} of every topic the release creates, as
     * {@code [ms, bytes]} (null where absent): from the KafkaTopic resources or the topics Job.
     */
    Map<String, Long[]> topicRetention() {
        Map<String, Long[]> retention = new TreeMap<>();
        ofKind("KafkaTopic").forEach(t -> {
            JsonNode config = t.path("spec").path("config");
            retention.put(t.path("spec").path("topicName").asText(), new Long[]{
                config.has("retention.ms") ? config.path("retention.ms").asLong() : null,
                config.has("retention.bytes") ? config.path("retention.bytes").asLong() : null});
        });
        for (JsonNode job : ofKind("Job")) {
            for (JsonNode container : job.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode arg : container.path("args")) {
                    Matcher m = ENSURE_TOPIC.matcher(arg.asText());
                    while (m.find()) {
                        retention.put(m.group(1), new Long[]{Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
                    }
                }
            }
        }
        return retention;
    }
}
