package io.braid.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The load client: Braid's job request ({@code POST /v1/pipelines/<p>/jobs?wait=N}, {@code {"inputs":[{"id",
 * "image"}]}}) built from the held-out digit PNGs, sent with {@link HttpClient#sendAsync} so that a closed loop of
 * hundreds of clients needs no thread per client (two threads run the completions). An answer counts when it
 * is a 200 with status SUCCEEDED and every item's label equal to the digit its file name starts with.
 */
final class PeerLoad implements AutoCloseable {
    static final int SERVER_WAIT_S = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image: its base64 PNG and the digit its file name starts with (null when not a digit). */
    record Image(String name, String base64, String expected) {
    }

    /** What a window of load gave: requests and items answered right, latency per request, errors. */
    static final class Result {
        final List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        final LongAdder okRequests = new LongAdder();
        final LongAdder okItems = new LongAdder();
        final LongAdder wrongItems = new LongAdder();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        double seconds;
        ProcessTreeCpu.Window cpu;

        void fail(String what) {
            failures.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        }

        int failedRequests() {
            return failures.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        double itemsPerSecond() {
            return okItems.sum() / seconds;
        }

        double cpuMsPerItem() {
            return okItems.sum() == 0 ? Double.NaN : cpu.system() * 1000 / okItems.sum();
        }

        double percentile(double p) {
            List<Double> sorted;
            synchronized (latenciesMs) {
                sorted = new ArrayList<>(latenciesMs);
            }
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            Collections.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
        }

        /** "non-2xx or failed: 3 (500 x2, io HttpTimeoutException x1)". */
        String failureText() {
            Map<String, Integer> sorted = new TreeMap<>();
            failures.forEach((k, v) -> sorted.put(k, v.get()));
            StringBuilder sb = new StringBuilder();
            sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(" x").append(v));
            return sb.toString();
        }
    }

    private final List<Image> images;
    private final ExecutorService executor;
    private final HttpClient http;

    /** Sent as {@code Authorization: Bearer} to the system under test; null sends none. */
    private volatile String apiKey;

    /** The key the next requests carry (the system under test's, or null). */
    void apiKey(String key) {
        this.apiKey = key;
    }

    private HttpRequest.Builder request(String uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri));
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    PeerLoad(List<Image> images) {
        this.images = images;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "peer-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The PNGs of {@code dir}, sorted by name; the expected label is the file name's first character if {@code expect}. */
    static List<Image> heldOut(Path dir, boolean expect) throws IOException {
        List<Image> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                String name = f.getFileName().toString();
                out.add(new Image(name, Base64.getEncoder().encodeToString(Files.readAllBytes(f)),
                        expect && Character.isDigit(name.charAt(0)) ? name.substring(0, 1) : null));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no PNG in " + dir);
        }
        return out;
    }

    int imageCount() {
        return images.size();
    }

    /** A request of {@code count} images starting at image {@code first} (cyclic). */
    List<Image> slice(int first, int count) {
        List<Image> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(images.get(Math.floorMod(first + i, images.size())));
        }
        return out;
    }

    /** Sends one job and records it in {@code into}; completes when the answer is read. Never fails. */
    CompletableFuture<Void> send(String url, String pipeline, List<Image> batch, Result into) {
        HttpRequest request = request(url + "/v1/pipelines/" + pipeline + "/jobs?wait="
                        + SERVER_WAIT_S).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(SERVER_WAIT_S + 30))
                .POST(HttpRequest.BodyPublishers.ofString(body(batch), StandardCharsets.UTF_8)).build();
        long t0 = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            double ms = (System.nanoTime() - t0) / 1e6;
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                into.fail("io " + cause.getClass().getSimpleName());
            } else if (response.statusCode() != 200) {
                into.fail(Integer.toString(response.statusCode()));
            } else {
                check(response.body(), batch, into, ms);
            }
            return null;
        });
    }

    private static void check(byte[] body, List<Image> batch, Result into, double ms) {
        int right = 0;
        try {
            JsonNode job = JSON.readTree(body);
            if (!"SUCCEEDED".equals(job.path("status").asText())) {
                into.fail("200 " + job.path("status").asText("without status"));
                return;
            }
            for (JsonNode item : job.path("result").path("items")) {
                String id = item.path("id").asText("");
                int index = id.startsWith("i") ? Integer.parseInt(id.substring(1)) : -1;
                String label = label(item);
                if (index >= 0 && index < batch.size() && label != null
                        && (batch.get(index).expected() == null || label.equals(batch.get(index).expected()))) {
                    right++;
                }
            }
        } catch (IOException | RuntimeException e) {
            into.fail("200 unreadable");
            return;
        }
        into.okItems.add(right);
        into.wrongItems.add(batch.size() - right);
        into.okRequests.increment();
        into.latenciesMs.add(ms);
    }

    /** {@code requests} one-image jobs one after another (W1). */
    Result sequential(String url, String pipeline, int requests, ProcessTreeCpu cpu) {
        Result result = new Result();
        ProcessTreeCpu.Sample start = cpu.sample();
        for (int i = 0; i < requests; i++) {
            send(url, pipeline, slice(i, 1), result).join();
        }
        ProcessTreeCpu.Sample end = cpu.sample();
        result.cpu = end.since(start);
        result.seconds = result.cpu.seconds();
        return result;
    }

    /**
     * A closed loop of {@code clients}, each sending {@code perRequest} images per job and the next job as soon as
     * an answer comes, for {@code window}; only answers inside the window count. Waits (at most
     * {@value #SERVER_WAIT_S} + 30 s) for the jobs still out before it returns, so the next load starts on an
     * idle system.
     */
    Result closedLoop(String url, String pipeline, int clients, int perRequest, Duration window, ProcessTreeCpu cpu)
            throws InterruptedException {
        Result inWindow = new Result();
        Result late = new Result();
        long end = System.nanoTime() + window.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(clients);
        Object done = new Object();
        ProcessTreeCpu.Sample start = cpu.sample();
        for (int c = 0; c < clients; c++) {
            loop(url, pipeline, perRequest, end, next, inWindow, late, running, done);
        }
        long waitMs = window.toMillis();
        Thread.sleep(waitMs);
        ProcessTreeCpu.Sample stop = cpu.sample();
        inWindow.cpu = stop.since(start);
        inWindow.seconds = inWindow.cpu.seconds();
        synchronized (done) {
            long deadline = System.currentTimeMillis() + (SERVER_WAIT_S + 35) * 1000L;
            while (running.get() > 0 && System.currentTimeMillis() < deadline) {
                done.wait(500);
            }
        }
        return inWindow;
    }

    private void loop(String url, String pipeline, int perRequest, long end, AtomicInteger next, Result inWindow,
                      Result late, AtomicInteger running, Object done) {
        Result staging = new Result();
        send(url, pipeline, slice(next.getAndAdd(perRequest), perRequest), staging).whenComplete((v, e) -> {
            Result into = System.nanoTime() <= end ? inWindow : late;
            merge(staging, into);
            if (System.nanoTime() < end) {
                loop(url, pipeline, perRequest, end, next, inWindow, late, running, done);
            } else if (running.decrementAndGet() == 0) {
                synchronized (done) {
                    done.notifyAll();
                }
            }
        });
    }

    private static void merge(Result from, Result into) {
        into.latenciesMs.addAll(from.latenciesMs);
        into.okRequests.add(from.okRequests.sum());
        into.okItems.add(from.okItems.sum());
        into.wrongItems.add(from.wrongItems.sum());
        from.failures.forEach((k, v) -> into.failures.computeIfAbsent(k, x -> new AtomicInteger()).addAndGet(v.get()));
    }

    /** Labels every image once (jobs of up to 30 images); returns the label per image name, "-" when missing. */
    Map<String, String> labels(String url, String pipeline) {
        Map<String, String> out = new TreeMap<>();
        for (int first = 0; first < images.size(); first += 30) {
            List<Image> batch = images.subList(first, Math.min(images.size(), first + 30));
            batch.forEach(img -> out.put(img.name(), "-"));
            HttpRequest request = request(url + "/v1/pipelines/" + pipeline + "/jobs?wait="
                    + SERVER_WAIT_S).header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
                    .POST(HttpRequest.BodyPublishers.ofString(body(batch))).build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                for (JsonNode item : JSON.readTree(response.body()).path("result").path("items")) {
                    int index = Integer.parseInt(item.path("id").asText().substring(1));
                    String label = label(item);
                    out.put(batch.get(index).name(), label == null ? "-" : label);
                }
            } catch (IOException | RuntimeException e) {
                // left as "-"
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
        return out;
    }

    /** The item's reduced label; with Braid's {@code collect} reducer (one branch, no reduced output) the branch's. */
    static String label(JsonNode item) {
        JsonNode label = item.path("output").path("label");
        if (label.isTextual()) {
            return label.asText();
        }
        JsonNode branches = item.path("branches");
        if (branches.size() == 1) {
            JsonNode only = branches.elements().next().path("output").path("label");
            return only.isTextual() ? only.asText() : null;
        }
        return null;
    }

    private static String body(List<Image> batch) {
        StringBuilder body = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"image\":\"")
                    .append(batch.get(i).base64()).append("\"}");
        }
        return body.append("]}").toString();
    }

    /** One job of image 0, answered 200 SUCCEEDED? (the start-up probe) */
    boolean answers(String url, String pipeline) {
        Result r = new Result();
        send(url, pipeline, slice(0, 1), r).join();
        return r.okRequests.sum() == 1;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
