package io.braid.bench;

import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measurements 2 to 5 and the cold start, on a running stack, all through the gateway. */
final class StackPhases {
    /** How long each measurement runs; {@link #QUICK} for a smoke run. */
    record Plan(Duration jitWarmup, Duration warmup, Duration window, Duration heavyWindow, int latencyJobs,
                int coldJobs) {
        static final Plan FULL = new Plan(Duration.ofSeconds(120), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 200, 8);
        static final Plan QUICK = new Plan(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), 40, 5);
    }

    private final DevStack stack;
    private final GatewayClient client;
    private final Report report;
    private final Plan plan;
    private final CeilingPhase.Ceiling ceiling;
    private final List<String> digits = TestImages.base64Pngs(256, 28, 1);
    private final List<String> photos = TestImages.base64Pngs(64, 224, 2);

    StackPhases(DevStack stack, GatewayClient client, Report report, Plan plan, CeilingPhase.Ceiling ceiling) {
        this.stack = stack;
        this.client = client;
        this.report = report;
        this.plan = plan;
        this.ceiling = ceiling;
    }

    /** The first one-item jobs after every service reported ready, cut into segments. */
    void coldStart() throws Exception {
        report.section("Cold start: the first one-item `digits` jobs after the stack is ready");
        try (HopTap tap = new HopTap(stack.kafkaBootstrap(), stack.pools())) {
            List<GatewayClient.Job> jobs = LoadRun.sequential(client, "digits", digits, plan.coldJobs(), false).jobs();
            Thread.sleep(300);
            List<String> head = new ArrayList<>(List.of("segment (max over branches)"));
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (int i = 0; i < jobs.size(); i++) {
                head.add("job " + (i + 1));
                int column = i;
                tap.segments(List.of(jobs.get(i))).forEach((name, s) -> {
                    List<String> row = rows.computeIfAbsent(name, k -> new ArrayList<>(List.of(k)));
                    while (row.size() < column + 1) {
                        row.add("-");
                    }
                    row.add(Report.ms(s.max()));
                });
            }
            report.table(head, new ArrayList<>(rows.values()));
        }
    }

    /**
     * Load on every benchmark pipeline before anything is measured: each service's JIT compiles its hot paths
     * and every partition of every consumer group has seen a record (see the cold start).
     */
    void warmUp() throws Exception {
        long t0 = System.nanoTime();
        Duration each = plan.jitWarmup().dividedBy(3);
        LoadRun.closedLoop(client, "digits", digits, 32, 4, each, Duration.ofMillis(1), LoadRun.NO_PROBE);
        LoadRun.closedLoop(client, StackRoot.NOOP_PIPELINE, digits, 32, 4, each, Duration.ofMillis(1), LoadRun.NO_PROBE);
        LoadRun.closedLoop(client, StackRoot.RESNET_PIPELINE, photos, 8, 3, each, Duration.ofMillis(1), LoadRun.NO_PROBE);
        report.text("");
        report.text(String.format(java.util.Locale.ROOT, "Warm-up: %.0f s of load on digits, %s and %s before the "
                + "measurements below.", (System.nanoTime() - t0) / 1e9, StackRoot.NOOP_PIPELINE,
                StackRoot.RESNET_PIPELINE));
    }

    /** Measurements 2 and 3. */
    void throughput(ThroughputPhase phase) throws Exception {
        phase.run(digits, photos);
    }

    /** Measurement 4: one-item jobs one after another; added latency = end to end minus the model's compute. */
    void lowLoadLatency() throws Exception {
        report.section("4. Added latency at low load (one-item jobs, one at a time)");
        List<List<String>> rows = new ArrayList<>();
        for (String pipeline : List.of("digits", StackRoot.NOOP_PIPELINE)) {
            double compute = pipeline.equals("digits")
                    ? StackRoot.DIGITS_MODELS.stream().mapToDouble(m -> ceiling.sweep(m).batch1Ms()).max().orElse(0)
                    : ceiling.sweep(StackRoot.NOOP).batch1Ms();
            try (HopTap tap = new HopTap(stack.kafkaBootstrap(), stack.pools())) {
                LoadRun.sequential(client, pipeline, digits, 30, true);
                StageLags lags = new StageLags(stack, client);
                LoadRun.Sequence run = LoadRun.sequential(client, pipeline, digits, plan.latencyJobs(), true);
                List<GatewayClient.Job> jobs = run.jobs();
                if (run.requestErrors() > 0) {
                    String first = run.firstError();
                    report.text("- " + run.requestErrors() + " requests failed; first: "
                            + (first.length() > 400 ? first.substring(0, 400) + "..." : first));
                }
                Thread.sleep(300);
                report.text("");
                report.text("`" + pipeline + "`: " + jobs.size() + " jobs after 30 warm-up jobs; model compute "
                        + "(direct, batch 1, slowest branch) " + Report.ms(compute) + " ms:");
                report.text("");
                report.segments(tap.segments(jobs));
                report.text("");
                report.text("The same jobs as the stages measure them (means; Kafka timestamps have 1 ms resolution):");
                report.text("");
                report.table(List.of("service", "records", "producer send -> taken up, ms", "outputs sent -> broker ack, ms"),
                        lags.rows());
                Stats e2e = Stats.of(jobs.stream().map(GatewayClient.Job::clientMs).toList());
                double p50 = e2e.p50() - compute;
                double p99 = e2e.p99() - compute;
                rows.add(List.of(pipeline, Report.ms(e2e.p50()), Report.ms(e2e.p99()), Report.ms(compute),
                        Report.ms(p50), Report.ms(p99)));
                report.result("4. added latency, " + pipeline,
                        "p50 " + Report.ms(p50) + " ms, p99 " + Report.ms(p99) + " ms",
                        "p50 <= 10, p99 <= 25", p50 <= 10 && p99 <= 25 ? "met" : "MISSED");
            }
        }
        report.text("");
        report.table(List.of("pipeline", "e2e p50 ms", "e2e p99 ms", "model compute ms", "added p50 ms",
                "added p99 ms"), rows);
        Stats ping = KafkaPing.run(stack.kafka(), 300, 1);
        Stats noLinger = KafkaPing.run(stack.kafka(), 300, 0);
        report.text("");
        report.text("Kafka alone (the floor of every hop above): one record from a producer with the services' settings "
                + "(acks=all, linger.ms=1) to a plain consumer through the same broker, one at a time: p50 "
                + Report.ms(ping.p50()) + " ms, p99 " + Report.ms(ping.p99()) + " ms; with linger.ms=0: p50 "
                + Report.ms(noLinger.p50()) + " ms, p99 " + Report.ms(noLinger.p99()) + " ms. A one-item job crosses "
                + "Kafka 5 times in a row (jobs, preprocess, inference, postprocess, results).");
    }

    /** Measurement 5: CPU seconds of every process per item with the near-no-op model, minus the model's own. */
    void cpuPerItem(CpuMeter meter) throws Exception {
        report.section("5. Platform CPU per item (" + StackRoot.NOOP_PIPELINE + ", closed loop "
                + ThroughputPhase.DIGITS_CLIENTS + " x " + ThroughputPhase.DIGITS_JOB + " items)");
        String metricsUrl = stack.service("inference-" + StackRoot.LIGHT_POOL).managementUrl() + "/q/metrics";
        WindowCpu window = new WindowCpu(meter, client, metricsUrl, StackRoot.NOOP);
        LoadRun.Result r = LoadRun.closedLoop(client, StackRoot.NOOP_PIPELINE, digits, ThroughputPhase.DIGITS_JOB,
                ThroughputPhase.DIGITS_CLIENTS, plan.warmup(), plan.window(), window);
        window.reportPerItem(report, r, ceiling.sweep(StackRoot.NOOP).batch1Ms());
    }

    /** The stack's processes by name (services, Redis), for {@link CpuMeter}; Kafka runs in this JVM. */
    static Map<String, Long> pids(DevStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceProcess s : stack.services()) {
            pids.put(s.name(), s.pid());
        }
        pids.put("redis", stack.redis().process().pid());
        return pids;
    }
}
