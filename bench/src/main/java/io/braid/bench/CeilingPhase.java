package io.braid.bench;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measurement 1, before the stack starts: each model alone in this JVM, and the first-call cost of new batch sizes. */
final class CeilingPhase {
    /** What the later measurements compare with. */
    record Ceiling(Map<String, DirectCeiling.Sweep> sweeps, double digitsPipeline, double resnet) {
        DirectCeiling.Sweep sweep(String model) {
            return sweeps.get(model);
        }
    }

    private final ModelRepository models;
    private final Report report;
    private final long millisPerSize;

    CeilingPhase(ModelRepository models, Report report, long millisPerSize) {
        this.models = models;
        this.report = report;
        this.millisPerSize = millisPerSize;
    }

    Ceiling run() throws Exception {
        report.section("1. Ceiling: the models called directly with DJL in one JVM (1 instance, 1 intra-op thread)");
        Map<String, DirectCeiling.Sweep> sweeps = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(StackRoot.DIGITS_MODELS);
        names.addAll(List.of(StackRoot.RESNET, StackRoot.NOOP));
        for (String name : names) {
            ModelSpec spec = spec(name);
            List<Integer> sizes = new ArrayList<>();
            for (int s = 1; s <= spec.batching().maxBatchSize(); s *= 2) {
                sizes.add(s);
            }
            sweeps.put(name, DirectCeiling.sweep(spec, sizes, millisPerSize));
        }
        List<List<String>> rows = new ArrayList<>();
        for (DirectCeiling.Sweep s : sweeps.values()) {
            StringBuilder bySize = new StringBuilder();
            s.itemsPerSecond().forEach((size, rate) -> bySize.append(bySize.length() == 0 ? "" : ", ")
                    .append(size).append(": ").append(Report.num(rate)));
            rows.add(List.of(s.model(), Report.ms(s.batch1Ms()), bySize.toString(), Integer.toString(s.bestBatch()),
                    Report.num(s.bestItemsPerSecond()), Report.ms(s.cpuMsPerItemAtBest())));
        }
        report.table(List.of("model", "batch-1 call ms", "items/s by batch size", "best batch", "best items/s",
                "CPU ms/item at best"), rows);

        Map<String, Integer> best = new LinkedHashMap<>();
        List<ModelSpec> digits = new ArrayList<>();
        for (String name : StackRoot.DIGITS_MODELS) {
            digits.add(spec(name));
            best.put(name, sweeps.get(name).bestBatch());
        }
        double digitsRate = DirectCeiling.pipeline(digits, best, 20_000);
        report.text("");
        report.text("digits pipeline ceiling (every item through all 3 models; one thread per model at its best batch, "
                + "as the pools run one instance each): **" + Report.num(digitsRate) + " items/s**. "
                + StackRoot.RESNET + " ceiling (one instance): **"
                + Report.num(sweeps.get(StackRoot.RESNET).bestItemsPerSecond())
                + " items/s** at batch " + sweeps.get(StackRoot.RESNET).bestBatch() + ".");
        coldShapes();
        return new Ceiling(sweeps, digitsRate, sweeps.get(StackRoot.RESNET).bestItemsPerSecond());
    }

    /** Batch sizes the pools' warm-up (1 and the maximum) never ran, with the graph optimizer on and off. */
    private void coldShapes() {
        report.section("First call on a batch size that warm-up did not run (PyTorch graph executor)");
        List<List<String>> rows = new ArrayList<>();
        for (String name : List.of("digits-cnn", StackRoot.RESNET)) {
            ModelSpec spec = spec(name);
            List<Integer> unseen = name.equals(StackRoot.RESNET) ? List.of(3, 5) : List.of(3, 5, 13);
            for (boolean optimizer : List.of(true, false)) {
                for (DirectCeiling.ColdShape c : DirectCeiling.coldShapes(spec, unseen, optimizer)) {
                    rows.add(List.of(c.model(), optimizer ? "on (DJL default)" : "off", Integer.toString(c.batch()),
                            Report.ms(c.firstMs()), Report.ms(c.warmMs())));
                }
            }
        }
        report.table(List.of("model", "graph optimizer", "batch size", "first call ms", "warm call ms"), rows);
    }

    private ModelSpec spec(String name) {
        return models.find(name)
                .orElseThrow(() -> new IllegalStateException("model " + name + " is not in the bench repository"));
    }
}
