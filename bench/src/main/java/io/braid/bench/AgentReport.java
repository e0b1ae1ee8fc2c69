package io.braid.bench;

import java.util.List;
import java.util.Map;

import static io.braid.bench.AgentPhases.f;

/** The agent benchmark's results as Markdown sections and summary rows (issue #10's goals beside each). */
final class AgentReport {
    private final Report report;

    AgentReport(Report report) {
        this.report = report;
    }

    void fanOut(int n, double jobP50, double slowestP50, double sequentialP50) {
        report.section("Fan-out: four http branches of 200 ms (pipeline fanout)");
        report.text(n + " one-question jobs one after another, `?wait=10`; each followed by the same four calls made "
                + "straight to the mock one after another (the baseline, in the same run).");
        report.table(List.of("measure", "p50 ms"), List.of(
                List.of("job latency seen by the client (submit to result)", f(jobP50)),
                List.of("slowest branch inside Braid (task created to outcome)", f(slowestP50)),
                List.of("the four calls one after another, straight to the mock", f(sequentialP50))));
        report.result("fan-out: job p50 / slowest branch p50", Report.ratio(jobP50 / slowestP50) + "×", "≤ 1.1×",
                jobP50 <= 1.1 * slowestP50 ? "met" : "not met");
        report.result("fan-out: speed-up against the four calls in sequence", Report.ratio(sequentialP50 / jobP50) + "×",
                "≥ 3.6×", sequentialP50 / jobP50 >= 3.6 ? "met" : "not met");
    }

    void cap(int n, Map<String, Integer> statuses, long peak, long calls, double wallS, double remoteRate, double ideal) {
        report.section("Concurrency cap: " + n + " jobs at once, maxConcurrency 16, " + AgentPhases.CAP_LATENCY_MS
                + " ms per call (pipeline capped)");
        report.text("Submitted with 128 requests open at a time; then the oldest pending jobs polled, 32 at a time, until all are terminal.");
        report.table(List.of("measure", "value"), List.of(
                List.of("terminal statuses", statuses.toString()),
                List.of("calls the mock saw", Long.toString(calls)),
                List.of("peak calls in flight at the mock (model capped-chat)", Long.toString(peak)),
                List.of("wall time, first submit to last terminal (s)", f(wallS)),
                List.of("calls per second at the mock (first arrival to last answer)", f(remoteRate)),
                List.of("ideal: 16 / latency", f(ideal))));
        boolean allTerminal = !statuses.containsKey("?");
        report.result("cap: peak in flight at the remote", Long.toString(peak), "≤ 16", peak <= 16 ? "met" : "not met");
        report.result("cap: every job terminal", statuses.toString(), "all", allTerminal ? "met" : "not met");
        report.result("cap: throughput / (16 / latency)", Report.ratio(remoteRate / ideal), "≥ 0.90",
                remoteRate / ideal >= 0.9 ? "met" : "not met");
    }

    void storm(int n, Map<String, Integer> statuses, long answered429, long retriedAfter429, long early,
               long minFromArrival, long minFromEnd) {
        report.section("429 storm: Retry-After 2 s for 5 s (pipeline capped, " + n + " jobs over 5 s, deadline 60 s)");
        report.table(List.of("measure", "value"), List.of(
                List.of("terminal statuses", statuses.toString()),
                List.of("429 answers", Long.toString(answered429)),
                List.of("calls made again after a 429", Long.toString(retriedAfter429)),
                List.of("... of them arriving sooner than 2 s after the 429 arrived", Long.toString(early)),
                List.of("shortest time from a 429's arrival to its retry's arrival (ms)", ms(minFromArrival)),
                List.of("shortest time from the mock's end of a 429 to its retry's arrival (ms)", ms(minFromEnd))));
        report.text("The mock answers a 429 as soon as the request arrived, so a client that waits Retry-After from "
                + "when it read the answer retries at least 2 s after the 429 arrived. The mock stamps a call's end "
                + "when its write completed, which can be a few ms after the client already read it.");
        int failed = n - statuses.getOrDefault("SUCCEEDED", 0);
        report.result("429 storm: jobs not SUCCEEDED", Integer.toString(failed), "0", failed == 0 ? "met" : "not met");
        report.result("429 storm: retries before Retry-After", Long.toString(early), "0", early == 0 ? "met" : "not met");
    }

    private static String ms(long v) {
        return v == Long.MAX_VALUE ? "-" : Long.toString(v);
    }

    void cpu(double httpMs, double djlMs) {
        report.section("Platform CPU per branch (closed loops of 8 clients, 8-item jobs)");
        report.text("CPU of every stack process (gateway, dispatcher, pre/post-processing, the inference pools, Redis) "
                + "and of this JVM (which runs Kafka and the load generator), divided by the branch outcomes of "
                + "SUCCEEDED jobs. The mock model server's own CPU is not counted. Baseline: a local DJL branch of the "
                + "digits pipeline (three branches, image decode and the models included) in the same run.");
        report.table(List.of("branch", "CPU ms per branch"), List.of(
                List.of("http (bulk: mock latency 0)", Report.ms(httpMs)),
                List.of("local DJL (digits, 3 branches per item)", Report.ms(djlMs))));
        report.result("CPU per http branch (ms)", Report.ms(httpMs), "measured", "ratio to a DJL branch "
                + Report.ratio(httpMs / djlMs));
    }

    void memory(int calls, long inFlight, long beforeKb, long duringKb) {
        report.section("io pool memory with " + calls + " calls in flight (bulk-chat, the mock holds each 60 s)");
        report.table(List.of("measure", "value"), List.of(
                List.of("calls in flight at the mock when measured", Long.toString(inFlight)),
                List.of("inference-io-models RSS before (MiB)", f(beforeKb / 1024.0)),
                List.of("... with the calls in flight (MiB)", f(duringKb / 1024.0)),
                List.of("per call in flight (KiB)", f((duringKb - beforeKb) / (double) Math.max(1, inFlight)))));
        report.result("io pool RSS with " + inFlight + " calls in flight (MiB)", f(duringKb / 1024.0), "measured",
                f((duringKb - beforeKb) / (double) Math.max(1, inFlight)) + " KiB per call");
    }
}
