package io.braid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as Markdown: printed as they come, and appended to {@code bench/RESULTS.md} at the end. */
public final class Report {
    private final List<String> lines = new ArrayList<>();
    private final List<String[]> summary = new ArrayList<>();

    /** The run's header: date, machine, command, commit. */
    void header(String command, String commit) {
        add("");
        add("## Run of " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        add("");
        add("- machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + Machine.cpuModel() + ", "
                + Machine.memory() + " memory; shared with other work, so compare ratios within this run");
        add("- command: `" + command + "`");
        add("- commit: " + commit + "; Java " + System.getProperty("java.version"));
    }

    void section(String title) {
        add("");
        add("### " + title);
        add("");
    }

    void text(String line) {
        add(line);
    }

    void table(List<String> head, List<List<String>> rows) {
        add("| " + String.join(" | ", head) + " |");
        add("|" + " --- |".repeat(head.size()));
        rows.forEach(r -> add("| " + String.join(" | ", r) + " |"));
    }

    /** Latency segments as a table of p50 / p99 / max. */
    void segments(Map<String, Stats> segments) {
        List<List<String>> rows = new ArrayList<>();
        segments.forEach((name, s) -> rows.add(List.of(name, ms(s.p50()), ms(s.p99()), ms(s.max()),
                Integer.toString(s.count()))));
        table(List.of("segment", "p50 ms", "p99 ms", "max ms", "n"), rows);
    }

    /** One line of the summary table printed at the end. */
    void result(String measurement, String value, String goal, String verdict) {
        summary.add(new String[]{measurement, value, goal, verdict});
    }

    /** Prints and appends the summary, then appends everything to {@code results}. */
    void finish(Path results) throws IOException {
        section("Summary");
        List<List<String>> rows = new ArrayList<>();
        summary.forEach(r -> rows.add(List.of(r)));
        table(List.of("measurement", "result", "goal", "verdict"), rows);
        if (!Files.exists(results)) {
            Files.writeString(results, "# Benchmark results\n\nAppended by `bench/run.sh`; newest run last.\n");
        }
        Files.writeString(results, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
        System.out.println("\n[bench] appended to " + results);
    }

    private void add(String line) {
        lines.add(line);
        System.out.println(line);
    }

    public static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    public static String num(double v) {
        return String.format(Locale.ROOT, v < 100 ? "%.1f" : "%.0f", v);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** What this machine is, from {@code /proc}. */
    static final class Machine {
        private Machine() {
        }

        static String cpuModel() {
            return procField("/proc/cpuinfo", "model name").orElse("unknown CPU");
        }

        static String memory() {
            return procField("/proc/meminfo", "MemTotal")
                    .map(kb -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(kb.replace("kB", "").trim()) / 1048576.0))
                    .orElse("unknown");
        }

        private static java.util.Optional<String> procField(String file, String key) {
            try {
                return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
