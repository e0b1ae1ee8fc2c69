package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's dashboard and alerts query only what the services really expose: the metric names of every
 * running service (after a job went through) include every name in the chart tests' list
 * ({@code helm/src/test/resources/exposed-metrics.txt}) and every metric the dashboard and the alert
 * rules select, apart from the exporters the list names as external.
 */
class MetricNamesSystemTest {
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExposedByARunningService() throws Exception {
        Api api = new Api(Stack.get().gatewayUrl());
        Map<String, byte[]> digits = HeldOutDigits.load(Stack.repoRoot());
        Map<String, byte[]> two = new LinkedHashMap<>();
        digits.keySet().stream().limit(2).forEach(k -> two.put(k, digits.get(k)));
        String jobId = api.submit("digits", Api.jobBody(two), "").body().path("jobId").asText();
        JsonNode job = api.awaitTerminal(jobId, Duration.ofSeconds(120));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");

        Set<String> exposed = new TreeSet<>();
        for (ServiceProcess s : Stack.get().services()) {
            exposed.addAll(metricNames(s.managementUrl()));
        }
        Path repo = Stack.repoRoot();
        Set<String> listed = new TreeSet<>();
        Set<String> external = new TreeSet<>();
        for (String line : Files.readAllLines(repo.resolve("helm/src/test/resources/exposed-metrics.txt"))) {
            if (line.startsWith("external ")) {
                external.add(line.substring("external ".length()).trim());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                listed.add(line.trim());
            }
        }
        assertThat(exposed).as("what the services expose").containsAll(listed);

        Set<String> queried = new TreeSet<>();
        String dashboard = Files.readString(repo.resolve("helm/braid/files/grafana-dashboard.json"));
        for (JsonNode panel : Api.JSON.readTree(dashboard).path("panels")) {
            panel.path("targets").forEach(t -> queried.addAll(selected(t.path("expr").asText())));
        }
        queried.addAll(selected(exprBlocks(Files.readAllLines(repo.resolve("helm/braid/templates/monitoring/prometheusrule.yaml")))));
        queried.removeAll(external);
        assertThat(queried).isNotEmpty();
        assertThat(exposed).as("what the services expose").containsAll(queried);
    }

    /** The expressions of a rules template: the lines indented under each {@code expr: |}. */
    private static String exprBlocks(List<String> lines) {
        StringBuilder out = new StringBuilder();
        int exprIndent = -1;
        for (String line : lines) {
            int indent = line.length() - line.stripLeading().length();
            if (exprIndent >= 0 && (indent > exprIndent || line.isBlank())) {
                out.append(line).append('\n');
                continue;
            }
            exprIndent = line.stripLeading().startsWith("expr:") ? indent : -1;
        }
        return out.toString();
    }

    private static Set<String> selected(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = SELECTOR.matcher(text.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""));
        while (m.find()) {
            String name = m.group(1);
            if (name.contains("_") && !List.of("group_left", "group_right").contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static Set<String> metricNames(String serviceUrl) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Set<String> names = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                // the name ends at its labels or its value (an exemplar after the value has labels too)
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }
}
