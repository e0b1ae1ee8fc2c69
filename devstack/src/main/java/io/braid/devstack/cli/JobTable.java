package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints what the gateway answers as tables for people: a job's status line and, once it finished, one row per
 * item (id, item status, reduced label, top-3 probabilities, each branch's status, label and latency); the
 * pipelines with their branches, models, pools and join policy.
 */
final class JobTable {
    private JobTable() {
    }

    /** Prints a job: its status line, then its result table when it has one. */
    static void job(JsonNode job, PrintStream out) {
        out.println(statusLine(job));
        String error = job.path("error").asText("");
        if (!error.isEmpty()) {
            out.println("error: " + error);
        }
        JsonNode items = job.path("result").path("items");
        if (!items.isArray() || items.isEmpty()) {
            if (!ExitCode.terminal(job.path("status").asText())) {
                out.println("(not finished; ./braid watch " + job.path("jobId").asText() + " follows it)");
            }
            return;
        }
        Set<String> branches = new LinkedHashSet<>();
        for (JsonNode item : items) {
            item.path("branches").fieldNames().forEachRemaining(branches::add);
        }
        TextTable table = new TextTable();
        List<String> header = new ArrayList<>(List.of("ITEM", "STATUS", "LABEL", "TOP-3"));
        branches.forEach(b -> header.add(b.toUpperCase(Locale.ROOT)));
        table.row(header);
        List<String> notes = new ArrayList<>();
        for (JsonNode item : items) {
            List<String> row = new ArrayList<>(List.of(item.path("id").asText(), item.path("status").asText(""),
                    item.path("output").path("label").asText(""), topK(item.path("output"), 3)));
            for (String b : branches) {
                row.add(branch(item.path("branches").path(b)));
            }
            table.row(row);
            collectErrors(item, notes);
        }
        table.lines("").forEach(out::println);
        notes.forEach(out::println);
    }

    /** {@code job ID  pipeline P  STATUS  done/total (p %)  queued/ran/total ms}. */
    static String statusLine(JsonNode job) {
        StringBuilder line = new StringBuilder("job ").append(job.path("jobId").asText("?"));
        if (job.hasNonNull("pipeline")) {
            line.append("  pipeline ").append(job.path("pipeline").asText());
        }
        line.append("  ").append(job.path("status").asText("?"));
        JsonNode progress = job.path("progress");
        if (progress.has("done")) {
            line.append(String.format(Locale.ROOT, "  %d/%d (%.0f %%)", progress.path("done").asLong(),
                    progress.path("total").asLong(), progress.path("percent").asDouble()));
        }
        JsonNode t = job.path("timings");
        if (t.path("startedAt").isNumber() && t.path("submittedAt").isNumber()) {
            line.append("  queued ").append(t.path("startedAt").asLong() - t.path("submittedAt").asLong()).append(" ms");
        }
        if (t.path("finishedAt").isNumber() && t.path("startedAt").isNumber()) {
            line.append("  ran ").append(t.path("finishedAt").asLong() - t.path("startedAt").asLong()).append(" ms");
        }
        if (t.path("durationMs").isNumber()) {
            line.append("  total ").append(t.path("durationMs").asLong()).append(" ms");
        }
        return line.toString();
    }

    /** One branch cell: {@code ok 7 12ms}, {@code error 5ms}, {@code timeout}, {@code -} when absent. */
    static String branch(JsonNode b) {
        if (b.isMissingNode() || b.isNull()) {
            return "-";
        }
        StringBuilder cell = new StringBuilder(b.path("status").asText("?"));
        if (b.path("output").has("label")) {
            cell.append(' ').append(b.path("output").path("label").asText());
        }
        if (b.path("latencyMs").isNumber()) {
            cell.append(' ').append(b.path("latencyMs").asLong()).append("ms");
        }
        if (b.path("attempts").asInt(1) > 1) {
            cell.append(" x").append(b.path("attempts").asInt());
        }
        return cell.toString();
    }

    /** The top {@code k} as {@code label prob}, from {@code topK} or else from {@code probabilities}. */
    static String topK(JsonNode output, int k) {
        List<String> parts = new ArrayList<>();
        JsonNode top = output.path("topK");
        if (top.isArray() && !top.isEmpty()) {
            for (int i = 0; i < Math.min(k, top.size()); i++) {
                parts.add(String.format(Locale.ROOT, "%s %.3f", top.get(i).path("label").asText(),
                        top.get(i).path("probability").asDouble()));
            }
            return String.join("  ", parts);
        }
        JsonNode probabilities = output.path("probabilities");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < probabilities.size(); i++) {
            order.add(i);
        }
        order.sort((a, c) -> Double.compare(probabilities.get(c).asDouble(), probabilities.get(a).asDouble()));
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            parts.add(String.format(Locale.ROOT, "%d %.3f", order.get(i), probabilities.get(order.get(i)).asDouble()));
        }
        return String.join("  ", parts);
    }

    private static void collectErrors(JsonNode item, List<String> notes) {
        Iterator<String> names = item.path("branches").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode error = item.path("branches").path(name).path("error");
            if (error.isObject()) {
                notes.add("  " + item.path("id").asText() + " " + name + ": " + error.path("code").asText()
                        + (error.path("message").asText("").isEmpty() ? "" : " " + error.path("message").asText()));
            }
        }
        if (!item.path("note").asText("").isEmpty()) {
            notes.add("  " + item.path("id").asText() + ": " + item.path("note").asText());
        }
    }

    /** Prints {@code GET /v1/pipelines}: per pipeline its input, join policy, reducer and a branch table. */
    static void pipelines(JsonNode answer, PrintStream out) {
        JsonNode pipelines = answer.path("pipelines");
        if (!pipelines.isArray() || pipelines.isEmpty()) {
            out.println("(no pipelines this key may use)");
            return;
        }
        boolean first = true;
        for (JsonNode p : pipelines) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(p.path("name").asText() + "  input " + p.path("input").asText("?") + "  join "
                    + join(p.path("join")) + "  reducer " + p.path("reducer").asText("-"));
            if (!p.path("description").asText("").isBlank()) {
                out.println("  " + p.path("description").asText().strip().replaceAll("\\s+", " "));
            }
            TextTable branches = new TextTable().row(List.of("BRANCH", "MODEL", "POOL"));
            for (JsonNode b : p.path("branches")) {
                branches.row(List.of(b.path("name").asText(), b.path("model").asText(), b.path("pool").asText("")));
            }
            branches.lines("  ").forEach(out::println);
        }
    }

    /** {@code all}, {@code quorum 2}, plus max failures, deadline and what a timeout does. */
    static String join(JsonNode join) {
        StringBuilder text = new StringBuilder(join.path("policy").asText("?"));
        if ("quorum".equals(join.path("policy").asText()) && join.path("quorum").asInt(0) > 0) {
            text.append(' ').append(join.path("quorum").asInt());
        }
        if (join.path("maxFailures").asInt(0) > 0) {
            text.append(", max failures ").append(join.path("maxFailures").asInt());
        }
        if (join.path("deadlineMs").asLong(0) > 0) {
            text.append(", deadline ").append(join.path("deadlineMs").asLong()).append(" ms");
        }
        if (!join.path("onTimeout").asText("").isEmpty()) {
            text.append(", on timeout ").append(join.path("onTimeout").asText());
        }
        return text.toString();
    }
}
