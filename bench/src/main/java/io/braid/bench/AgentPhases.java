package io.braid.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/** The measurements of issue #10's benchmarks, each against the mock model server in the same run. */
final class AgentPhases {
    static final int CAP_LATENCY_MS = 250;
    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED", "CANCELLED");
    private final AgentClient client;
    private final AgentReport report;
    private final boolean quick;

    AgentPhases(AgentClient client, AgentReport report, boolean quick) {
        this.client = client;
        this.report = report;
        this.quick = quick;
    }

    /** 1. Four 200 ms branches in parallel against the same four calls made one after another. */
    void fanOut() {
        int n = quick ? 15 : 60;
        for (int i = 0; i < (quick ? 10 : 60); i++) {
            AgentClient.join(client.submit("fanout", AgentClient.texts(1, "warm"), 10));
        }
        List<Double> jobs = new ArrayList<>();
        List<Double> slowest = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonNode job = AgentClient.join(client.submit("fanout", AgentClient.texts(1, "fan " + i), 10));
            jobs.add((System.nanoTime() - t0) / 1e6);
            double max = 0;
            for (JsonNode b : job.path("result").path("items").path(0).path("branches")) {
                max = Math.max(max, b.path("latencyMs").asDouble());
            }
            slowest.add(max);
            double seq = 0;
            for (String s : List.of("A", "B", "C", "D")) {
                seq += client.directChat("fanout-chat", "You are specialist " + s + ".", "fan " + i);
            }
            sequential.add(seq);
        }
        double job = p50(jobs);
        double seq = p50(sequential);
        report.fanOut(n, job, p50(slowest), seq);
    }

    /**
     * 2. 2,000 one-item jobs at once against a model capped at 16 calls in flight, 250 ms each: an ideal of 64 calls
     * a second, below what the stack itself sustains for one-item jobs on this machine, so the cap is what is measured.
     */
    void concurrencyCap() throws InterruptedException {
        int n = quick ? 500 : 2000;
        client.setModel("capped-chat", "{\"latency\":{\"fixedMs\":" + CAP_LATENCY_MS + "}}");
        client.resetStats();
        long t0 = System.nanoTime();
        List<String> ids = submitAll("capped", n, () -> AgentClient.texts(1, "cap"));
        Map<String, Integer> statuses = awaitAll(ids);
        double wallS = (System.nanoTime() - t0) / 1e9;
        JsonNode stats = client.stats("capped-chat");
        JsonNode calls = client.calls("capped-chat");
        long first = Long.MAX_VALUE;
        long last = 0;
        for (JsonNode c : calls) {
            first = Math.min(first, c.path("arrivalMs").asLong());
            last = Math.max(last, c.path("endMs").asLong());
        }
        double remoteS = (last - first) / 1000.0;
        report.cap(n, statuses, stats.path("peakInFlight").asLong(), stats.path("calls").asLong(), wallS,
                calls.size() / remoteS, 16 * 1000.0 / CAP_LATENCY_MS);
        client.setModel("capped-chat", "{\"latency\":{\"fixedMs\":100}}");
    }

    /** 3. The remote answers 429 with Retry-After: 2 for 5 s while jobs keep coming. */
    void storm() throws InterruptedException {
        int n = quick ? 100 : 300;
        client.setModel("capped-chat", "{\"latency\":{\"fixedMs\":100},\"faults\":[{\"type\":\"429\",\"retryAfterS\":2,"
                + "\"forMs\":5000}]}");
        client.resetStats();
        List<String> ids = new ArrayList<>();
        long spreadMs = 5000;
        for (int i = 0; i < n; i++) {
            JsonNode accepted = AgentClient.join(client.submit("capped", AgentClient.texts(1, "storm"), 0));
            if (!accepted.hasNonNull("jobId")) {
                throw new IllegalStateException("a submit to capped was refused: " + accepted);
            }
            ids.add(accepted.path("jobId").asText());
            Thread.sleep(spreadMs / n);
        }
        Map<String, Integer> statuses = awaitAll(ids);
        Map<String, List<JsonNode>> byClient = new HashMap<>();
        for (JsonNode c : client.calls("capped-chat")) {
            byClient.computeIfAbsent(c.path("client").asText(), k -> new ArrayList<>()).add(c);
        }
        long throttled = 0;
        long early = 0;
        long minFromArrival = Long.MAX_VALUE;
        long minFromEnd = Long.MAX_VALUE;
        for (List<JsonNode> attempts : byClient.values()) {
            attempts.sort((a, b) -> Long.compare(a.path("arrivalMs").asLong(), b.path("arrivalMs").asLong()));
            for (int i = 1; i < attempts.size(); i++) {
                JsonNode before = attempts.get(i - 1);
                if (before.path("status").asText().equals("429")) {
                    throttled++;
                    long next = attempts.get(i).path("arrivalMs").asLong();
                    // the 429 was answered at once: the client read it after it arrived, so a retry that honours
                    // Retry-After arrives at least 2 s after the 429 did
                    long fromArrival = next - before.path("arrivalMs").asLong();
                    minFromArrival = Math.min(minFromArrival, fromArrival);
                    minFromEnd = Math.min(minFromEnd, next - before.path("endMs").asLong());
                    early += fromArrival < 2000 ? 1 : 0;
                }
            }
        }
        client.setModel("capped-chat", "{\"latency\":{\"fixedMs\":100}}");
        report.storm(n, statuses, client.stats("capped-chat").path("status").path("429").asLong(), throttled, early,
                minFromArrival, minFromEnd);
    }

    /** 4a. Platform CPU per http branch (mock latency 0) against a local DJL branch (digits), both closed loops. */
    void cpuPerBranch(Map<String, Long> pids, List<byte[]> digits) throws InterruptedException {
        client.setModel("bulk-chat", "{\"latency\":{\"fixedMs\":0}}");
        long windowMs = quick ? 8000 : 20000;
        double http = cpuPerBranch(pids, "bulk", () -> AgentClient.texts(8, "cpu"), 8, 1, windowMs);
        double djl = cpuPerBranch(pids, "digits", () -> images(digits, 8), 8, 3, windowMs);
        report.cpu(http, djl);
    }

    private double cpuPerBranch(Map<String, Long> pids, String pipeline, Supplier<String> body, int items, int branches,
                                long windowMs) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            AgentClient.join(client.submit(pipeline, body.get(), 10));
        }
        double before = cpuSeconds(pids);
        long until = System.currentTimeMillis() + windowMs;
        List<Thread> clients = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        for (int c = 0; c < 8; c++) {
            Thread t = new Thread(() -> {
                while (System.currentTimeMillis() < until) {
                    JsonNode job = AgentClient.join(client.submit(pipeline, body.get(), 30));
                    if (job.path("status").asText().equals("SUCCEEDED")) {
                        done.addAndGet((long) items * branches);
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        return (cpuSeconds(pids) - before) * 1000 / Math.max(1, done.get());
    }

    /** 4b. The io pool's memory with 5,000 calls held open by the remote. */
    void memory(long poolPid) throws InterruptedException {
        int calls = quick ? 2000 : 5000;
        client.setModel("bulk-chat", "{\"latency\":{\"fixedMs\":60000}}");
        client.resetStats();
        long before = rssKb(poolPid);
        List<String> ids = submitAll("bulk", calls / 100, () -> AgentClient.texts(100, "hold"));
        long deadline = System.currentTimeMillis() + 60_000;
        long inFlight = 0;
        while (System.currentTimeMillis() < deadline && inFlight < calls) {
            Thread.sleep(200);
            inFlight = client.stats("bulk-chat").path("inFlight").asLong();
        }
        long during = rssKb(poolPid);
        report.memory(calls, inFlight, before, during);
        ids.forEach(id -> AgentClient.join(client.cancel(id)));
        client.setModel("bulk-chat", "{\"latency\":{\"fixedMs\":0}}");
    }

    /**
     * Submits {@code n} jobs with 128 requests open; the ids of those accepted. A refusal (429, 503) ends the run with
     * its detail: every goal here counts on every job being accepted.
     */
    private List<String> submitAll(String pipeline, int n, Supplier<String> body) {
        Semaphore open = new Semaphore(128);
        List<CompletableFuture<JsonNode>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            open.acquireUninterruptibly();
            all.add(client.submit(pipeline, body.get(), 0).whenComplete((r, e) -> open.release()));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<JsonNode> f : all) {
            JsonNode r = f.join();
            if (!r.hasNonNull("jobId")) {
                throw new IllegalStateException("a submit to " + pipeline + " was refused: " + r);
            }
            ids.add(r.path("jobId").asText());
        }
        return ids;
    }

    /**
     * Waits until every job is terminal (at most 10 minutes); their statuses counted. Jobs end roughly in the order
     * they were sent, so each round reads the oldest pending ones, 32 at a time, and stops at the first chunk that
     * still has a running job: the polling costs the stack little beside the work it measures.
     */
    private Map<String, Integer> awaitAll(List<String> ids) throws InterruptedException {
        Map<String, String> status = new ConcurrentHashMap<>();
        long until = System.currentTimeMillis() + 600_000;
        List<String> pending = new ArrayList<>(ids);
        while (!pending.isEmpty() && System.currentTimeMillis() < until) {
            for (int from = 0; from < pending.size(); from += 32) {
                List<CompletableFuture<?>> reads = new ArrayList<>();
                for (String id : pending.subList(from, Math.min(pending.size(), from + 32))) {
                    reads.add(client.job(id).thenAccept(j -> status.put(id, j.path("status").asText())));
                }
                reads.forEach(CompletableFuture::join);
                if (pending.subList(from, Math.min(pending.size(), from + 32)).stream()
                        .anyMatch(id -> !TERMINAL.contains(status.getOrDefault(id, "")))) {
                    break;
                }
            }
            pending.removeIf(id -> TERMINAL.contains(status.getOrDefault(id, "")));
            if (!pending.isEmpty()) {
                Thread.sleep(200);
            }
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        ids.forEach(id -> counts.merge(status.getOrDefault(id, "?"), 1, Integer::sum));
        return counts;
    }

    private static String images(List<byte[]> pngs, int n) {
        StringBuilder b = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"image\":\"")
                    .append(java.util.Base64.getEncoder().encodeToString(pngs.get(i % pngs.size()))).append("\"}");
        }
        return b.append("]}").toString();
    }

    private static double cpuSeconds(Map<String, Long> pids) {
        double s = 0;
        for (long pid : pids.values()) {
            s += ticks(Path.of("/proc", Long.toString(pid), "stat")) / 100.0;
        }
        return s + ticks(Path.of("/proc/self/stat")) / 100.0;
    }

    static long ticks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    static double p50(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
