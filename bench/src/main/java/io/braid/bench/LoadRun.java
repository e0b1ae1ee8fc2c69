package io.braid.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Drives a pipeline through the gateway: closed-loop saturation, or one job after another. */
final class LoadRun {
    /** Requests that fail (an HTTP error, not a job status) are counted; past this many the run is abandoned. */
    private static final int MAX_REQUEST_ERRORS = 25;

    /**
     * What a measured window saw.
     *
     * @param jobs          jobs finished inside the window (after the warm-up)
     * @param notOk         of those, jobs whose status is not SUCCEEDED
     * @param requestErrors requests in the whole run that got no job back (e.g. HTTP 500), with the first message
     */
    record Result(String pipeline, int concurrency, int jobSize, double seconds, List<GatewayClient.Job> jobs,
                  int notOk, int requestErrors, String firstError) {
        int items() {
            return jobs.stream().mapToInt(GatewayClient.Job::items).sum();
        }

        double itemsPerSecond() {
            return items() / seconds;
        }

        Stats latencyMs() {
            return Stats.of(jobs.stream().map(GatewayClient.Job::clientMs).toList());
        }
    }

    /** Called by the driving thread when the measured window opens and closes, while the load runs. */
    interface WindowProbe {
        void atStart() throws Exception;

        void atEnd() throws Exception;
    }

    static final WindowProbe NO_PROBE = new WindowProbe() {
        @Override
        public void atStart() {
        }

        @Override
        public void atEnd() {
        }
    };

    private LoadRun() {
    }

    /**
     * {@code concurrency} clients, each submitting a job of {@code jobSize} images and the next as soon as it
     * ends, so the stack always holds {@code concurrency × jobSize} items. Jobs that end during the warm-up or
     * after the window are not counted; {@code probe} is called when the window opens and closes.
     */
    static Result closedLoop(GatewayClient client, String pipeline, List<String> images, int jobSize,
                             int concurrency, Duration warmup, Duration window, WindowProbe probe) throws Exception {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        List<GatewayClient.Job> counted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger notOk = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                int next = worker * jobSize;
                while (System.nanoTime() < windowEnd && errors.get() <= MAX_REQUEST_ERRORS) {
                    List<String> job = new ArrayList<>(jobSize);
                    for (int i = 0; i < jobSize; i++) {
                        job.add(images.get(next++ % images.size()));
                    }
                    try {
                        GatewayClient.Job done = client.run(pipeline, job, 60, 120);
                        long now = System.nanoTime();
                        if (now >= windowStart && now < windowEnd) {
                            counted.add(done);
                            if (!done.ok()) {
                                notOk.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getMessage());
                    }
                }
            }, GatewayClient.THREAD_PREFIX + "load-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        sleepUntil(windowStart);
        probe.atStart();
        sleepUntil(windowEnd);
        probe.atEnd();
        for (Thread t : workers) {
            t.join();
        }
        if (errors.get() > MAX_REQUEST_ERRORS) {
            throw new IllegalStateException("load on " + pipeline + " abandoned after " + errors.get()
                    + " failed requests; first: " + firstError.get());
        }
        return new Result(pipeline, concurrency, jobSize, window.toNanos() / 1e9, List.copyOf(counted), notOk.get(),
                errors.get(), firstError.get());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** Jobs run one after another, and the requests that got no job back. */
    record Sequence(List<GatewayClient.Job> jobs, int requestErrors, String firstError) {
    }

    /**
     * {@code count} one-item jobs, each sent when the previous one ended; with {@code serverWait} the POST waits
     * for the job ({@code ?wait=}), else the client polls. Failed requests are counted and skipped.
     */
    static Sequence sequential(GatewayClient client, String pipeline, List<String> images, int count,
                               boolean serverWait) throws Exception {
        List<GatewayClient.Job> jobs = new ArrayList<>(count);
        int errors = 0;
        String first = null;
        for (int i = 0; i < count && errors <= MAX_REQUEST_ERRORS; i++) {
            try {
                jobs.add(client.run(pipeline, List.of(images.get(i % images.size())), serverWait ? 30 : 0, 60));
            } catch (java.io.IOException e) {
                errors++;
                first = first == null ? e.getMessage() : first;
            }
        }
        if (errors > MAX_REQUEST_ERRORS) {
            throw new IllegalStateException("sequential jobs on " + pipeline + " abandoned; first error: " + first);
        }
        return new Sequence(List.copyOf(jobs), errors, first);
    }
}
