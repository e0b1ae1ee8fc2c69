package io.braid.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients of one scenario: submits jobs at a steady rate through every gateway replica in turn, as a
 * client behind a load balancer would: a refused connection or a 503 is retried on the next gateway with the
 * same {@code Idempotency-Key} (never a second job), a 400/413 is final. Then it follows every accepted job
 * to its terminal status, recording how many branch outcomes were done at each look (the throughput timeline).
 */
final class ChaosLoad implements AutoCloseable {
    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED", "CANCELLED");
    private static final Duration SUBMIT_PATIENCE = Duration.ofSeconds(20);

    private final List<String> gateways;
    private final String bearer;
    private final ExecutorService pool = Executors.newFixedThreadPool(48, r -> {
        Thread t = new Thread(r, "chaos-client");
        t.setDaemon(true);
        return t;
    });
    /** Its own executor: the blocking sends run on {@link #pool}, and must not starve the client of threads. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger turn = new AtomicInteger();

    /** One submitted job: what it carried and what became of it. */
    static final class Job {
        final int index;
        final String body;
        final long sentAtMs;
        volatile String jobId;
        volatile int refusedWith;
        volatile JsonNode last;

        Job(int index, String body, long sentAtMs) {
            this.index = index;
            this.body = body;
            this.sentAtMs = sentAtMs;
        }

        boolean accepted() {
            return jobId != null;
        }

        String status() {
            return last == null ? "" : last.path("status").asText();
        }

        boolean terminal() {
            return TERMINAL.contains(status());
        }

        int done() {
            return last == null ? 0 : last.path("progress").path("done").asInt();
        }
    }

    ChaosLoad(List<String> gateways, String apiKey) {
        this.gateways = List.copyOf(gateways);
        this.bearer = "Bearer " + apiKey;
    }

    /**
     * Sends {@code bodies} to {@code pipeline}, job {@code i} at {@code i / ratePerSecond} seconds from now, in the
     * background: {@code jobs} grows as they are sent. The returned future completes when every one was
     * accepted or finally refused.
     */
    java.util.concurrent.CompletableFuture<Void> submit(String pipeline, List<String> bodies, double ratePerSecond,
                                                       List<Job> jobs) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            long t0 = System.nanoTime();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                long wait = t0 + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
                if (wait > 0) {
                    pause(wait / 1_000_000);
                }
                Job job = new Job(i, bodies.get(i), System.currentTimeMillis());
                jobs.add(job);
                sends.add(pool.submit(() -> send(pipeline, job)));
            }
            for (Future<?> f : sends) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chaos-pacer");
            t.setDaemon(true);
            return t;
        }));
    }

    private void send(String pipeline, Job job) {
        String key = UUID.randomUUID().toString();
        long giveUp = System.nanoTime() + SUBMIT_PATIENCE.toNanos();
        while (System.nanoTime() < giveUp) {
            String gateway = gateways.get(Math.floorMod(turn.getAndIncrement(), gateways.size()));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/pipelines/"
                                + pipeline + "/jobs")).header("Content-Type", "application/json")
                        .header("Idempotency-Key", key).header("Authorization", bearer).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(job.body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || r.statusCode() == 202) {
                    job.jobId = Json.MAPPER.readTree(r.body()).path("jobId").asText();
                    return;
                }
                job.refusedWith = r.statusCode();
                if (r.statusCode() != 503) {
                    return;
                }
            } catch (IOException e) {
                job.refusedWith = -1; // no answer: that gateway is down; the next one is tried
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause(200);
        }
    }

    /**
     * Reads every accepted job of {@code jobs} (which grows while {@code sending} runs) until sending is done and
     * each is terminal or past its deadline plus {@code grace}, sampling the branch outcomes done every
     * {@code every}; returns the samples (ms since epoch → outcomes done), from the first job on.
     */
    Map<Long, Integer> follow(List<Job> jobs, java.util.concurrent.CompletableFuture<Void> sending, Duration grace,
                              Duration every, long deadlineMs) {
        Map<Long, Integer> timeline = new ConcurrentHashMap<>();
        while (true) {
            List<Job> now;
            synchronized (jobs) {
                now = List.copyOf(jobs);
            }
            List<Future<?>> reads = new ArrayList<>();
            for (Job job : now) {
                if (job.accepted() && !job.terminal()) {
                    reads.add(pool.submit(() -> read(job)));
                }
            }
            for (Future<?> f : reads) {
                try {
                    f.get();
                } catch (Exception e) {
                    // a gateway that is down: read again on the next round
                }
            }
            timeline.put(System.currentTimeMillis(), now.stream().mapToInt(Job::done).sum());
            if (sending.isDone()) {
                long until = now.stream().mapToLong(j -> j.sentAtMs).max().orElse(0) + deadlineMs + grace.toMillis();
                if (now.stream().filter(Job::accepted).allMatch(Job::terminal) || System.currentTimeMillis() > until) {
                    sending.join();
                    return timeline;
                }
            }
            pause(every.toMillis());
        }
    }

    private void read(Job job) {
        for (int attempt = 0; attempt < gateways.size(); attempt++) {
            String gateway = gateways.get(Math.floorMod(turn.getAndIncrement(), gateways.size()));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + job.jobId))
                        .header("Authorization", bearer).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    job.last = Json.MAPPER.readTree(r.body());
                    return;
                }
            } catch (IOException e) {
                // try the next gateway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
