package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The live view of a job from its events: a head line (status, tasks done, items decided, the job's ETA) and
 * one progress bar per branch (done/total, percent, ETA). On a terminal ({@code ansi}) the lines are redrawn in
 * place at most ten times a second; otherwise (a pipe, a log, a test) a plain line is printed when something
 * changed, at most once a second, and a status change at once.
 *
 * <p>A branch's ETA is its remaining tasks at the rate it finished tasks since the job started running; before
 * it finished one, the job's ETA from the gateway (which is when its last task is expected) stands in. The job's
 * ETA is the gateway's; when that is unknown or already 0 while work is left, the slowest branch's own.
 */
final class ProgressView {
    private static final long ANSI_INTERVAL_MS = 100;
    private static final long PLAIN_INTERVAL_MS = 1000;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean ansi;
    private final LongSupplier clock;
    private final String jobId;
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    private final Map<String, Integer> itemOutcomes = new TreeMap<>();
    private String status = "";
    private long done = -1;
    private long total = -1;
    private double percent;
    private long etaMs = -1;
    private long etaReceivedAt;
    private long runningSince = -1;
    private boolean changed;
    private long lastDrawn = Long.MIN_VALUE / 2;
    private int linesDrawn;
    private String lastLine = "";

    private static final class Branch {
        long done;
        long total = -1;
        long outcomes;
        final Map<String, Integer> failures = new TreeMap<>();
    }

    ProgressView(String jobId, PrintStream out, boolean ansi, LongSupplier clock) {
        this.jobId = jobId;
        this.out = out;
        this.ansi = ansi;
        this.clock = clock;
    }

    /** {@code event: status}: {@code {"status":"RUNNING","at":...}}. */
    void status(JsonNode data) {
        String next = data.path("status").asText(status);
        if (!next.equals(status)) {
            status = next;
            if ("RUNNING".equals(next) && runningSince < 0) {
                runningSince = clock.getAsLong();
            }
            changed = true;
            draw(true);
        }
    }

    /** {@code event: end}: the finished job as {@code GET /v1/jobs/{id}} shows it; its counts are the last word. */
    void end(JsonNode job) {
        JsonNode progress = job.path("progress");
        if (progress.path("total").isNumber()) {
            done = progress.path("done").asLong();
            total = progress.path("total").asLong();
            percent = progress.path("percent").asDouble(total > 0 ? 100.0 * done / total : 100);
            changed = true;
        }
        // a finished job counts every cell of every branch done; only all done overall means each branch is
        branchCounts(progress.path("branches"), total >= 0 && done >= total);
        status(job);
    }

    /** {@code event: branch}: one branch of one item ended ({@code ok}, {@code error}, {@code timeout}, {@code cancelled}). */
    void branch(JsonNode data) {
        Branch b = branches.computeIfAbsent(data.path("branch").asText("?"), n -> new Branch());
        b.outcomes++;
        b.done = Math.max(b.done, b.outcomes);
        String outcome = data.path("status").asText("?");
        if (!"ok".equals(outcome)) {
            b.failures.merge(outcome, 1, Integer::sum);
        }
        changed = true;
        draw(false);
    }

    /** {@code event: item}: an item was decided. */
    void item(JsonNode data) {
        itemOutcomes.merge(data.path("status").asText("?"), 1, Integer::sum);
        changed = true;
        draw(false);
    }

    /** {@code event: progress}: counts per branch and the job's ETA. */
    void progress(JsonNode data) {
        if (runningSince < 0) {
            runningSince = clock.getAsLong();
        }
        done = data.path("done").asLong(done);
        total = data.path("total").asLong(total);
        percent = data.path("percent").asDouble(total > 0 ? 100.0 * done / total : 0);
        branchCounts(data.path("branches"), true);
        JsonNode eta = data.path("eta");
        etaMs = eta.path("ms").isNumber() ? eta.path("ms").asLong() : -1;
        etaReceivedAt = clock.getAsLong();
        changed = true;
        draw(false);
    }

    /** {@code branches: {mlp: {done, total}, ...}} of a progress event or a job; {@code withDone}: take its done counts. */
    private void branchCounts(JsonNode counts, boolean withDone) {
        counts.fields().forEachRemaining(e -> {
            Branch b = branches.computeIfAbsent(e.getKey(), n -> new Branch());
            if (withDone) {
                b.done = Math.max(b.outcomes, e.getValue().path("done").asLong(b.done));
            }
            b.total = e.getValue().path("total").asLong(b.total);
            changed = true;
        });
    }

    /** Draws what has not been drawn yet; call before printing anything else. */
    void finish() {
        if (changed) {
            draw(true);
        }
    }

    /** The lines of the current view (the terminal form). */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("job ").append(jobId).append("  ").append(status.isEmpty() ? "..." : status);
        if (total >= 0) {
            // the branches' counts may run ahead of the job's own counter: show whichever is further
            long branchDone = branches.values().stream().mapToLong(b -> b.done).sum();
            long shown = Math.min(total, Math.max(done, branchDone));
            double pct = shown == done ? percent : total > 0 ? 100.0 * shown / total : 0;
            head.append(String.format(Locale.ROOT, "  %d/%d tasks (%.1f %%)", shown, total, pct));
        }
        if (!itemOutcomes.isEmpty()) {
            head.append("  items ").append(counts(itemOutcomes));
        }
        long eta = headEtaMs();
        if (eta >= 0 && !ExitCode.terminal(status)) {
            head.append("  ETA ").append(duration(eta));
        }
        lines.add(head.toString());
        int width = branches.keySet().stream().mapToInt(String::length).max().orElse(0);
        branches.forEach((name, b) -> lines.add("  " + pad(name, width) + "  " + bar(b) + "  " + counts(b)
                + branchEta(b) + (b.failures.isEmpty() ? "" : "  " + counts(b.failures))));
        return lines;
    }

    /** The view as one line without bars: {@code job J  RUNNING ... | mlp 2/2 100 % done | cnn 1/2 50 % ETA 1.0 s}. */
    String line() {
        StringBuilder line = new StringBuilder(lines().get(0));
        branches.forEach((name, b) -> line.append(" | ").append(name).append(' ').append(counts(b)).append(branchEta(b))
                .append(b.failures.isEmpty() ? "" : "  " + counts(b.failures)));
        return line.toString();
    }

    private void draw(boolean now) {
        long at = clock.getAsLong();
        long interval = ansi ? ANSI_INTERVAL_MS : PLAIN_INTERVAL_MS;
        if (!changed || (!now && at - lastDrawn < interval)) {
            return;
        }
        lastDrawn = at;
        changed = false;
        if (ansi) {
            List<String> lines = lines();
            StringBuilder frame = new StringBuilder();
            if (linesDrawn > 0) {
                frame.append("\u001b[").append(linesDrawn).append('F');
            }
            for (String line : lines) {
                frame.append("\u001b[2K").append(line).append('\n');
            }
            frame.append("\u001b[J");
            out.print(frame);
            linesDrawn = lines.size();
        } else {
            String line = line();
            if (!line.equals(lastLine)) { // a progress event that changed nothing shown prints nothing
                out.println(line);
                lastLine = line;
            }
        }
        out.flush();
    }

    private static String bar(Branch b) {
        int filled = b.total <= 0 ? 0 : (int) Math.min(BAR, BAR * b.done / b.total);
        String bar = b.total <= 0 ? " ".repeat(BAR)
                : "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
        return "[" + bar + "]";
    }

    /** {@code 1/2  50 %}, or {@code 2/?} before the total is known. */
    private static String counts(Branch b) {
        return b.total <= 0 ? b.done + "/?"
                : String.format(Locale.ROOT, "%d/%d %3.0f %%", b.done, b.total, 100.0 * b.done / b.total);
    }

    private String branchEta(Branch b) {
        if (b.total > 0 && b.done >= b.total) {
            return "  done";
        }
        if (ExitCode.terminal(status)) {
            return "";
        }
        long own = ownEtaMs(b);
        long eta = own >= 0 ? own : headEtaMs();
        return eta >= 0 ? "  ETA " + duration(eta) : "";
    }

    /** The gateway's ETA; when that is unknown or 0 while work is left, the slowest branch's own; -1 when none. */
    private long headEtaMs() {
        long eta = jobEtaMs();
        return eta > 0 ? eta : Math.max(eta, branches.values().stream().mapToLong(this::ownEtaMs).max().orElse(-1));
    }

    /** A branch's remaining tasks at the rate it finished tasks since the job started running; -1 before its first. */
    private long ownEtaMs(Branch b) {
        long elapsed = clock.getAsLong() - runningSince;
        if (b.done <= 0 || b.total <= 0 || b.done >= b.total || runningSince < 0 || elapsed <= 0) {
            return -1;
        }
        return elapsed * (b.total - b.done) / b.done;
    }

    /** The job's ETA now: the gateway's estimate less the time since it arrived; -1 when unknown. */
    private long jobEtaMs() {
        return etaMs < 0 ? -1 : Math.max(0, etaMs - (clock.getAsLong() - etaReceivedAt));
    }

    static String duration(long ms) {
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 120_000) {
            return (ms / 1000) + " s";
        }
        return (ms / 60_000) + " min " + (ms / 1000 % 60) + " s";
    }

    private static String counts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k.toLowerCase(Locale.ROOT)));
        return String.join(", ", parts);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
