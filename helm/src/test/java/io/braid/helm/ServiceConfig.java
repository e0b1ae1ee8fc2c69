package io.braid.helm;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own {@code src/main/resources/application.properties}, read from its module: the facts
 * the chart must agree with (HTTP port, Kafka inputs, configuration keys), never copied into tests.
 */
record ServiceConfig(String module, Properties properties) {
    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");
    private static final String PER_INSTANCE = "${quarkus.uuid}";

    /** The Kafka input of one incoming channel: the topic it reads and the consumer group it reads with. */
    record KafkaInput(String topic, String group) {
    }

    /** Reads {@code <repo>/<module>/src/main/resources/application.properties}. */
    static ServiceConfig of(String module) {
        Path file = HelmChart.REPO.resolve(module).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ServiceConfig(module, p);
    }

    int httpPort() {
        return Integer.parseInt(required("quarkus.http.port"));
    }

    /** {@code quarkus.management.port}: health and metrics, apart from the API. */
    int managementPort() {
        if (!Boolean.parseBoolean(required("quarkus.management.enabled"))) {
            throw new IllegalStateException(module + " serves health and metrics on its API port (quarkus.management.enabled)");
        }
        return Integer.parseInt(required("quarkus.management.port"));
    }

    boolean defines(String key) {
        return properties.containsKey(key);
    }

    /**
     * The work queues among the incoming Kafka channels: (topic, group) of every channel whose group is
     * shared by all instances, with {@code ${key}} placeholders resolved from {@code overrides} first
     * (what the chart sets, e.g. braid.inference.pool) and then from the file. A channel whose group
     * contains {@code ${quarkus.uuid}} is read by every instance under its own group (a broadcast, such
     * as skip notices): its lag says nothing about the work waiting for the deployment.
     */
    List<KafkaInput> workQueues(Map<String, String> overrides) {
        List<KafkaInput> inputs = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Matcher m = INCOMING_TOPIC.matcher(key);
            String channel = m.matches() ? "mp.messaging.incoming." + m.group(1) : null;
            if (channel != null && "smallrye-kafka".equals(properties.getProperty(channel + ".connector"))
                    && !required(channel + ".group.id").contains(PER_INSTANCE)) {
                inputs.add(new KafkaInput(resolve(required(channel + ".topic"), overrides),
                        resolve(required(channel + ".group.id"), overrides)));
            }
        }
        return inputs;
    }

    /** Topics of every incoming Kafka channel, broadcasts included. */
    List<String> topicsRead(Map<String, String> overrides) {
        List<String> topics = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (INCOMING_TOPIC.matcher(key).matches()) {
                topics.add(resolve(properties.getProperty(key), overrides));
            }
        }
        return topics;
    }

    private String resolve(String value, Map<String, String> overrides) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String replacement = overrides.containsKey(key) ? overrides.get(key) : properties.getProperty(key);
            if (replacement == null) {
                throw new IllegalStateException(module + ": cannot resolve ${" + key + "} in '" + value + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String required(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(module + "/application.properties has no " + key);
        }
        return value;
    }
}
