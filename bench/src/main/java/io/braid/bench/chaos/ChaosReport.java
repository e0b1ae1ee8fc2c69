package io.braid.bench.chaos;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The suite's table: one row per scenario, with the run's date, machine, commit and command above it. */
final class ChaosReport {
    private static final String HEADER = "| scenario | sent | accepted | refused | SUCCEEDED | other terminal | lost "
            + "| differing | recovered after | slowest job | verdict |\n|---|---:|---:|---|---:|---|---:|---:|---:|---:|---|";

    private final String command;
    private final String commit;
    private final List<ChaosRow> rows = new ArrayList<>();

    ChaosReport(Path repo, String command, String commit) {
        this.command = command;
        this.commit = commit;
    }

    void add(ChaosRow row) {
        rows.add(row);
    }

    String line(ChaosRow r) {
        return "| " + r.scenario() + " | " + r.sent() + " | " + r.accepted() + " | " + counts(r.refused()) + " | "
                + r.succeeded() + " | " + counts(r.others()) + " | " + r.lost() + " | " + r.differing() + " | "
                + (r.recoverySeconds() == 0 ? "no dip" : r.recoverySeconds() < 0 ? "never"
                : String.format("%.1f s", r.recoverySeconds())) + " | " + String.format("%.1f s", r.slowestSeconds())
                + " | " + r.verdict() + " |";
    }

    private static String counts(Map<String, Integer> counts) {
        return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    String table() {
        return HEADER + "\n" + rows.stream().map(this::line).collect(Collectors.joining("\n"));
    }

    /** Appends this run as a section of {@code file}. */
    void append(Path file) throws IOException {
        String section = "\n### Run of " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " UTC\n\n- machine: " + machine() + "\n- commit: `" + commit + "`\n- command: `" + command + "`\n\n"
                + table() + "\n";
        Files.writeString(file, section, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String machine() {
        long memGiB = 0;
        try {
            memGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize() >> 30;
        } catch (ClassCastException e) {
            // not a HotSpot JVM
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memGiB + " GiB, JDK "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }
}
