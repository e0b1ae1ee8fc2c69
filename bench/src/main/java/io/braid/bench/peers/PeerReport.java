package io.braid.bench.peers;

import io.braid.bench.Report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The comparison as Markdown: printed as it comes, appended to {@code bench/RESULTS.md} at the end. */
final class PeerReport {
    /** One system's start in one alternation. */
    record Start(String system, int run, double startupS, double idleCores, double idleOthersCores, int labelsRight,
                 int images, Map<String, String> labels, boolean braid) {
    }

    /** One workload's result for one system in one alternation. */
    record Row(String workload, String system, int run, PeerLoad.Result result) {
    }

    private final List<String> lines = new ArrayList<>();
    private final List<Start> starts = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();

    void header(String command, String commit, String settings) {
        add("");
        add("## Peer comparison with Ray Serve, " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        add("");
        add("- machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + memory()
                + " memory; shared with other work, so compare ratios within this run");
        add("- command: `" + command + "`");
        add("- commit: " + commit + "; Java " + System.getProperty("java.version"));
        add("- " + settings);
    }

    void start(Start s) {
        starts.add(s);
        System.out.printf(Locale.ROOT, "[peers] %s run %d: first job answered %.1f s after start; idle %.2f cores; "
                + "labels right %d/%d%n", s.system(), s.run(), s.startupS(), s.idleCores(), s.labelsRight(), s.images());
    }

    void row(Row r) {
        rows.add(r);
        PeerLoad.Result x = r.result();
        System.out.printf(Locale.ROOT, "[peers] %s %s run %d: %.1f items/s, p50 %s ms, p99 %s ms, failed requests %d%s, "
                        + "wrong labels %d, CPU %s ms/item, others %.2f cores%n", r.workload(), r.system(), r.run(),
                x.itemsPerSecond(), ms(x.percentile(50)), ms(x.percentile(99)), x.failedRequests(),
                x.failedRequests() == 0 ? "" : " (" + x.failureText() + ")",
                x.wrongItems.sum(), ms(x.cpuMsPerItem()), x.cpu.othersCores());
    }

    /** Writes the tables (and prints them); appends to {@code results} unless it is null. */
    void finish(List<String> workloads, Map<String, String> workloadText, Path results) throws IOException {
        add("");
        add("### Start-up, idle CPU and labels");
        add("");
        add("| system | run | first job answered after start, s | idle, cores | other processes, cores | labels right | labels as Braid's |");
        add("| --- | --- | --- | --- | --- | --- | --- |");
        Map<String, String> braidLabels = starts.stream().filter(Start::braid).map(Start::labels).findFirst().orElse(null);
        starts.forEach(s -> add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %d/%d | %s |", s.system(),
                s.run(), s.startupS(), s.idleCores(), s.idleOthersCores(), s.labelsRight(), s.images(),
                agreement(s.labels(), braidLabels))));
        List<String[]> summary = new ArrayList<>();
        for (String w : workloads) {
            add("");
            add("### " + w + ": " + workloadText.get(w));
            add("");
            add("| system | run | items/s | p50 ms | p99 ms | failed requests (non-2xx, I/O) | wrong or missing labels | server CPU ms/item | other processes, cores |");
            add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            rows.stream().filter(r -> r.workload().equals(w)).forEach(r -> {
                PeerLoad.Result x = r.result();
                add(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s | %d%s | %d | %s | %.2f |", r.system(), r.run(),
                        x.itemsPerSecond(), ms(x.percentile(50)), ms(x.percentile(99)), x.failedRequests(),
                        x.failedRequests() == 0 ? "" : " (" + x.failureText() + ")", x.wrongItems.sum(),
                        ms(x.cpuMsPerItem()), x.cpu.othersCores()));
            });
            Map<String, double[]> means = means(w);
            Optional<String> bestRay = means.keySet().stream().filter(s -> !s.equals("Braid"))
                    .max((a, b) -> Double.compare(means.get(a)[0], means.get(b)[0]));
            double[] braid = means.get("Braid");
            if (bestRay.isPresent() && braid != null) {
                double[] ray = means.get(bestRay.get());
                add("");
                add(String.format(Locale.ROOT, "Braid / best Ray (%s, most items/s; means over runs): items/s **%s**, "
                                + "p50 %s, p99 %s, CPU per item %s; failed requests %d vs %d, wrong labels %d vs %d.",
                        bestRay.get(), ratio(braid[0] / ray[0]), ratio(braid[1] / ray[1]), ratio(braid[2] / ray[2]),
                        ratio(braid[3] / ray[3]), (long) braid[4], (long) ray[4], (long) braid[5], (long) ray[5]));
                summary.add(new String[]{w, num(braid[0]), num(ray[0]) + " (" + bestRay.get() + ")",
                        ratio(braid[0] / ray[0]), ratio(braid[1] / ray[1]), ratio(braid[2] / ray[2]),
                        ratio(braid[3] / ray[3]), (long) (braid[4] + braid[5]) + " / " + (long) (ray[4] + ray[5])});
            }
        }
        if (!summary.isEmpty()) {
            add("");
            add("### Summary: Braid / best Ray");
            add("");
            add("| workload | Braid items/s | best Ray items/s | items/s ratio | p50 ratio | p99 ratio | CPU/item ratio | errors Braid / Ray |");
            add("| --- | --- | --- | --- | --- | --- | --- | --- |");
            summary.forEach(s -> add("| " + String.join(" | ", s) + " |"));
            Map<String, double[]> idle = new LinkedHashMap<>();
            starts.forEach(s -> idle.merge(s.system(), new double[]{s.idleCores(), s.startupS(), 1},
                    (a, b) -> new double[]{a[0] + b[0], a[1] + b[1], a[2] + b[2]}));
            add("");
            StringBuilder sb = new StringBuilder("Idle cores and start-up (means): ");
            idle.forEach((s, v) -> sb.append(String.format(Locale.ROOT, "%s %.2f cores, %.1f s; ", s, v[0] / v[2], v[1] / v[2])));
            add(sb.toString().replaceAll("; $", "."));
        }
        if (results != null) {
            Files.writeString(results, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("\n[peers] appended to " + results);
        } else {
            System.out.println("\n[peers] --no-append: " + "bench/RESULTS.md left as it is");
        }
    }

    private static String agreement(Map<String, String> labels, Map<String, String> braid) {
        if (braid == null) {
            return "(Braid not run)";
        }
        long same = labels.entrySet().stream().filter(e -> e.getValue().equals(braid.get(e.getKey()))).count();
        return same == labels.size() ? "all " + same : same + "/" + labels.size();
    }

    /** Per system, means over runs of {items/s, p50, p99, CPU ms/item}, and sums of {failed requests, wrong labels}. */
    private Map<String, double[]> means(String workload) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.workload().equals(workload)) {
                continue;
            }
            PeerLoad.Result x = r.result();
            double[] s = sums.computeIfAbsent(r.system(), k -> new double[7]);
            s[0] += x.itemsPerSecond();
            s[1] += x.percentile(50);
            s[2] += x.percentile(99);
            s[3] += x.cpuMsPerItem();
            s[4] += x.failedRequests();
            s[5] += x.wrongItems.sum();
            s[6] += 1;
        }
        sums.values().forEach(s -> {
            for (int i = 0; i < 4; i++) {
                s[i] /= s[6];
            }
        });
        return sums;
    }

    private void add(String line) {
        lines.add(line);
        System.out.println(line);
    }

    static String ms(double v) {
        return Report.ms(v);
    }

    static String num(double v) {
        return Report.num(v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.2f×", v);
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
