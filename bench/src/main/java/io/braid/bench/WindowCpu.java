package io.braid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A measured window's CPU: snapshots of every process of the stack (and of the whole machine) when the window
 * opens and closes, and optionally one model's serving metrics, so that CPU can be put per item and the model's
 * own batch time subtracted.
 */
final class WindowCpu implements LoadRun.WindowProbe {
    private final CpuMeter meter;
    private final GatewayClient client;
    private final String metricsUrl;
    private final String modelLabel;
    private CpuMeter.Snapshot start;
    private CpuMeter.Snapshot end;
    private Map<String, Double> metricsStart = Map.of();
    private Map<String, Double> metricsEnd = Map.of();

    /**
     * @param metricsUrl the {@code /q/metrics} of the pool serving {@code model}; null for none
     */
    WindowCpu(CpuMeter meter, GatewayClient client, String metricsUrl, String model) {
        this.meter = meter;
        this.client = client;
        this.metricsUrl = metricsUrl;
        this.modelLabel = "model=\"" + model + "\"";
    }

    @Override
    public void atStart() throws Exception {
        if (metricsUrl != null) {
            metricsStart = PromText.parse(client.get(metricsUrl));
        }
        start = meter.snapshot();
    }

    @Override
    public void atEnd() throws Exception {
        end = meter.snapshot();
        if (metricsUrl != null) {
            metricsEnd = PromText.parse(client.get(metricsUrl));
        }
    }

    /** CPU seconds of the stack's processes in the window, by process. */
    Map<String, Double> byProcess() {
        return end.since(start);
    }

    double stackSeconds() {
        return byProcess().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds of everything that is not the stack (other people's work; this JVM's load generator). */
    double othersSeconds() {
        return end.othersSince(start);
    }

    /** Items the model ran in the window (from its pool's metrics), or 0 without metrics. */
    double modelItems() {
        return delta("braid_inference_items_total");
    }

    /** Seconds the model's instance threads spent in batches in the window. */
    double modelSeconds() {
        return delta("braid_inference_batch_seconds_sum");
    }

    double modelBatches() {
        return delta("braid_inference_batch_size_count");
    }

    /** CPU seconds of the JIT compiler threads of the stack's JVMs (part of {@link #stackSeconds()}). */
    double jitSeconds() {
        return end.jitSince(start);
    }

    /** "1.62 (JIT 0.20) + 0.31": stack cores, of which JIT compiler threads, and other processes' cores. */
    String cores(double seconds) {
        return String.format(Locale.ROOT, "%.2f (JIT %.2f) + %.2f", stackSeconds() / seconds, jitSeconds() / seconds,
                othersSeconds() / seconds);
    }

    /** Measurement 5's table and verdict: CPU per item of every process, and the platform's share. */
    void reportPerItem(Report report, LoadRun.Result load, double modelCpuMsPerItem) {
        double items = modelItems() > 0 ? modelItems() : load.items();
        List<List<String>> rows = new ArrayList<>();
        byProcess().forEach((name, s) -> rows.add(List.of(name, Report.num(s), Report.ms(s * 1000 / items))));
        double total = stackSeconds();
        rows.add(List.of("**all of the stack**", Report.num(total), Report.ms(total * 1000 / items)));
        rows.add(List.of("of which JIT compiler threads", Report.num(jitSeconds()),
                Report.ms(jitSeconds() * 1000 / items)));
        rows.add(List.of(CpuMeter.OTHERS + ", not counted", Report.num(othersSeconds()), "-"));
        report.table(List.of("process", "CPU s in window", "CPU ms per item"), rows);
        double platformMs = total * 1000 / items - modelCpuMsPerItem;
        double warmMs = (total - jitSeconds()) * 1000 / items - modelCpuMsPerItem;
        report.text("");
        report.text(String.format(Locale.ROOT, "window %.0f s: %.0f items through the model (%d counted by the client), "
                        + "%.1f items/s, mean batch %.1f. The model's own CPU, measured directly at batch 1: %.3f ms/item "
                        + "(the pool's batch timer says %.3f ms/item, wall time: it also covers turning the batch into "
                        + "and out of tensors and completing each item). "
                        + "Platform: **%.2f ms CPU per item**, %.2f ms without the JIT compiler threads. Not counted: the "
                        + "devstack's bash watchdogs (dev-only); counted as Kafka: this JVM's GC.", load.seconds(), items,
                load.items(), items / load.seconds(), modelBatches() > 0 ? items / modelBatches() : Double.NaN,
                modelCpuMsPerItem, modelSeconds() * 1000 / items, platformMs, warmMs));
        report.result("5. platform CPU per item (noop model)", Report.ms(platformMs) + " ms", "<= 0.5 ms",
                platformMs <= 0.5 ? "met" : "MISSED");
    }

    /** CPU ms per item by process, for {@code items} items. */
    Map<String, Double> msPerItem(double items) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        byProcess().forEach((name, sec) -> out.put(name, sec * 1000 / items));
        out.put("all of the stack", stackSeconds() * 1000 / items);
        out.put("of which JIT compiler threads", jitSeconds() * 1000 / items);
        return out;
    }

    private double delta(String metric) {
        return PromText.sum(metricsEnd, metric, modelLabel) - PromText.sum(metricsStart, metric, modelLabel);
    }
}
