package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts (PrometheusRule) and the Grafana dashboard query only metrics the services expose
 * ({@code exposed-metrics.txt}, itself checked against running services by the system tests), every
 * alert expression parses, and every alert has a runbook section in docs/operations.md.
 */
class MonitoringQueriesTest {
    private static final String ALERTS_ON = "metrics: {alerts: {enabled: true}}";
    /** A metric selector: a name followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
    private static final Pattern PREFIXED = Pattern.compile("\\b((?:braid|kafka|kube|jvm|process|http)_[a-z0-9_]+)\\b");

    @Test
    void alertsAreOptIn() {
        assertThat(HelmChart.render(null).ofKind("PrometheusRule")).isEmpty();
        assertThat(HelmChart.render(null, ALERTS_ON).ofKind("PrometheusRule")).hasSize(1);
    }

    @Test
    void everyAlertSaysHowSevereItIsWhatHappenedAndLinksItsRunbookSectionInOperationsMd() throws IOException {
        String operations = Files.readString(HelmChart.REPO.resolve("docs/operations.md"));
        List<JsonNode> alerts = alerts();
        assertThat(alerts).extracting(a -> a.path("alert").asText()).contains("BraidDeadlineMisses", "BraidDeadLetters",
                "BraidConsumerLagGrowing", "BraidBatchSplits", "BraidJoinClaimsRetaken");
        for (JsonNode a : alerts) {
            String name = a.path("alert").asText();
            assertThat(a.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            assertThat(a.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(a.path("annotations").path("runbook_url").asText()).as(name)
                    .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(operations).as("runbook section of " + name).contains("\n### " + name + "\n");
        }
    }

    @Test
    void theAlertsAndTheDashboardNameOnlyMetricsTheServicesOrTheNamedExportersExpose() throws IOException {
        Set<String> known = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/exposed-metrics.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                known.add(line.replace("external ", "").trim());
            }
        }
        List<String> queries = new ArrayList<>();
        alerts().forEach(a -> queries.add(a.path("expr").asText()));
        JsonNode dashboard = new ObjectMapper().readTree(HelmChart.SOURCE.resolve("files/grafana-dashboard.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(10);
        for (String q : queries) {
            assertThat(metricNames(q)).as(q).isNotEmpty().allSatisfy(m -> assertThat(known).as(q).contains(m));
            // every metric is named in a selector, so the check above sees each of them
            Matcher any = PREFIXED.matcher(q);
            while (any.find()) {
                assertThat(metricNames(q)).as("'%s' in %s is used as a selector", any.group(1), q).contains(any.group(1));
            }
        }
    }

    @Test
    void everyAlertExpressionIsWellFormedAndComparesAgainstAThreshold() {
        for (JsonNode a : alerts()) {
            String expr = a.path("expr").asText();
            assertThat(expr).as(a.path("alert").asText()).doesNotContain("{{", "}}", "<no value>")
                    .containsPattern("(>|<|==|!=)\\s*[0-9.]+\\s*$");
            assertThat(unbalanced(expr)).as(expr).isEmpty();
            Matcher range = Pattern.compile("\\[([^\\]]*)]").matcher(expr);
            while (range.find()) {
                assertThat(range.group(1)).as(expr).matches("[0-9]+[smhd](:[0-9]+[smhd])?");
            }
        }
    }

    @Test
    void everyAlertExpressionParsesWithPromtool() throws Exception {
        Path promtool = promtool();
        Assumptions.assumeTrue(promtool != null, "promtool not found (Debian: apt-get install prometheus, or set "
                + "PROMTOOL=/path/to/promtool): the expressions were only checked in Java");
        JsonNode rule = HelmChart.render(null, ALERTS_ON).ofKind("PrometheusRule").get(0);
        Path file = Files.createTempFile("braid-rules", ".yaml");
        try {
            new YAMLMapper().writeValue(file.toFile(), rule.path("spec"));
            Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("SUCCESS: " + alerts().size() + " rules found");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<JsonNode> alerts() {
        JsonNode rule = HelmChart.render(null, ALERTS_ON).ofKind("PrometheusRule").get(0);
        List<JsonNode> out = new ArrayList<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    static Set<String> metricNames(String query) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(query.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""));
        while (m.find()) {
            if (!Set.of("by", "without", "on", "ignoring", "group_left", "group_right").contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** What is left open or closed without an opener, outside string literals; empty when balanced. */
    static String unbalanced(String expr) {
        StringBuilder stack = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '(', '{', '[' -> stack.append(c);
                case ')', '}', ']' -> {
                    char open = c == ')' ? '(' : c == '}' ? '{' : '[';
                    if (stack.length() == 0 || stack.charAt(stack.length() - 1) != open) {
                        return "unexpected '" + c + "' at " + i;
                    }
                    stack.setLength(stack.length() - 1);
                }
                default -> { }
            }
        }
        return inString ? "unclosed string" : stack.length() > 0 ? "unclosed " + stack : "";
    }

    private static Path promtool() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
