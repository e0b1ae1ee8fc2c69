package io.braid.bench;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.devstack.DevStack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements 2 and 3: closed-loop saturation through the gateway, each compared with the ceiling measured
 * again right before it (the stack idle, other work on the machine as it is then), so that the ratio compares
 * like with like on a shared machine.
 */
final class ThroughputPhase {
    static final int DIGITS_JOB = 32;
    static final int DIGITS_CLIENTS = 4;
    static final int RESNET_JOB = 16;
    static final int RESNET_CLIENTS = 6;

    private final DevStack stack;
    private final GatewayClient client;
    private final Report report;
    private final StackPhases.Plan plan;
    private final CeilingPhase.Ceiling ceiling;
    private final ModelRepository models;
    private final CpuMeter meter;

    ThroughputPhase(DevStack stack, GatewayClient client, Report report, StackPhases.Plan plan,
                    CeilingPhase.Ceiling ceiling, ModelRepository models, CpuMeter meter) {
        this.stack = stack;
        this.client = client;
        this.report = report;
        this.plan = plan;
        this.ceiling = ceiling;
        this.models = models;
        this.meter = meter;
    }

    void run(List<String> digits, List<String> photos) throws Exception {
        report.section("2. End-to-end throughput at saturation (closed loop through the gateway: each client "
                + "POSTs a job with ?wait=60 and sends the next when it ends)");
        List<String> head = List.of("pipeline", "load", "items/s", "ceiling before stack", "ceiling now", "ratio (now)",
                "job p50 ms", "job p99 ms", "not ok / failed requests", "CPU cores: stack + others", "mean batch");
        Map<String, Integer> best = new LinkedHashMap<>();
        List<ModelSpec> digitSpecs = new ArrayList<>();
        for (String m : StackRoot.DIGITS_MODELS) {
            digitSpecs.add(spec(m));
            best.put(m, ceiling.sweep(m).bestBatch());
        }
        double digitsNow = DirectCeiling.pipeline(digitSpecs, best, 20_000);
        Row d = measure("digits", digits, DIGITS_JOB, DIGITS_CLIENTS, null, ceiling.digitsPipeline(), digitsNow);
        DirectCeiling.Sweep resnet = ceiling.sweep(StackRoot.RESNET);
        double resnetNow = rateNow(StackRoot.RESNET, resnet.bestBatch());
        Row r = measure(StackRoot.RESNET_PIPELINE, photos, RESNET_JOB, RESNET_CLIENTS, StackRoot.RESNET,
                resnet.bestItemsPerSecond(), resnetNow);
        report.table(head, List.of(d.cells, r.cells));
        cpuTable(List.of(d, r));
        report.text("");
        report.text("Ceiling now = the same direct DJL call measured in the bench JVM right before the load, with the "
                + "stack idle; ratio = items/s through the gateway / ceiling now. CPU cores: the stack's processes and "
                + "everything else on the machine during the window (a shared machine: other work competes).");
        report.result("2. digits e2e / ceiling", Report.num(d.load.itemsPerSecond()) + " / " + Report.num(digitsNow)
                + " items/s = " + Report.ratio(d.ratio), "-", "(tiny models: platform-bound)");
        report.result("2. resnet18 e2e / ceiling", Report.num(r.load.itemsPerSecond()) + " / " + Report.num(resnetNow)
                + " items/s = " + Report.ratio(r.ratio), ">= 0.9", r.ratio >= 0.9 ? "met" : "MISSED");

        report.section("3. Batching on vs off (" + StackRoot.RESNET + ": maxBatchSize 8 vs 1), same closed-loop load");
        double b1Now = rateNow(StackRoot.RESNET_B1, 1);
        Row off = measure(StackRoot.RESNET_B1_PIPELINE, photos, RESNET_JOB, RESNET_CLIENTS, StackRoot.RESNET_B1,
                resnet.itemsPerSecond().get(1), b1Now);
        report.table(head, List.of(r.cells, off.cells));
        cpuTable(List.of(r, off));
        double gain = r.load.itemsPerSecond() / off.load.itemsPerSecond();
        Stats on = r.load.latencyMs();
        Stats none = off.load.latencyMs();
        report.text("");
        report.text("batching on/off: **" + Report.ratio(gain) + "x items/s**; job latency p50 " + Report.num(on.p50())
                + " vs " + Report.num(none.p50()) + " ms, p99 " + Report.num(on.p99()) + " vs " + Report.num(none.p99())
                + " ms. Direct DJL, best batch vs batch 1: " + Report.ratio(resnet.bestItemsPerSecond()
                / resnet.itemsPerSecond().get(1)) + "x.");
        report.result("3. batching on/off (resnet18)", Report.ratio(gain) + "x items/s; job p50 " + Report.num(on.p50())
                + " / " + Report.num(none.p50()) + " ms; p99 " + Report.num(on.p99()) + " / " + Report.num(none.p99())
                + " ms", "-", "-");
    }

    private record Row(LoadRun.Result load, double ratio, List<String> cells, Map<String, Double> cpuMsPerItem) {
    }

    /** CPU ms per item of each process, one column per measured pipeline. */
    private void cpuTable(List<Row> rows) {
        List<String> head = new ArrayList<>(List.of("CPU ms per item"));
        rows.forEach(r -> head.add(r.load.pipeline()));
        List<List<String>> body = new ArrayList<>();
        for (String process : rows.get(0).cpuMsPerItem.keySet()) {
            List<String> line = new ArrayList<>(List.of(process));
            rows.forEach(r -> line.add(Report.ms(r.cpuMsPerItem.getOrDefault(process, Double.NaN))));
            body.add(line);
        }
        report.text("");
        report.table(head, body);
    }

    private Row measure(String pipeline, List<String> images, int jobSize, int clients, String model,
                        double ceilingBefore, double ceilingNow) throws Exception {
        String metrics = model == null ? null
                : stack.service("inference-" + spec(model).pool()).managementUrl() + "/q/metrics";
        WindowCpu cpu = new WindowCpu(meter, client, metrics, model == null ? "-" : model);
        LoadRun.Result load = LoadRun.closedLoop(client, pipeline, images, jobSize, clients, plan.warmup(),
                pipeline.equals("digits") ? plan.window() : plan.heavyWindow(), cpu);
        double ratio = load.itemsPerSecond() / ceilingNow;
        double batches = cpu.modelBatches();
        List<String> cells = List.of(pipeline, clients + " x " + jobSize + " items", Report.num(load.itemsPerSecond()),
                Report.num(ceilingBefore), Report.num(ceilingNow), Report.ratio(ratio), Report.num(load.latencyMs().p50()),
                Report.num(load.latencyMs().p99()), load.notOk() + " / " + load.requestErrors(), cpu.cores(load.seconds()),
                batches > 0 ? Report.num(cpu.modelItems() / batches) : "-");
        if (load.firstError() != null) {
            String first = load.firstError();
            report.text("- " + pipeline + ": " + load.requestErrors() + " failed requests; first: "
                    + (first.length() > 400 ? first.substring(0, 400) + "..." : first));
        }
        return new Row(load, ratio, cells, cpu.msPerItem(load.items()));
    }

    private double rateNow(String model, int batch) {
        return DirectCeiling.sweep(spec(model), List.of(batch), plan.window().toMillis() / 10).bestItemsPerSecond();
    }

    private ModelSpec spec(String name) {
        return models.find(name).orElseThrow();
    }
}
