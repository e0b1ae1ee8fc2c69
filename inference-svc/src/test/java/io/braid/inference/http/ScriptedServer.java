package io.braid.inference.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real HTTP server on a free port whose answers a test scripts: queued replies are used in order, then
 * the fallback. Records every request (arrival time, headers, body) and the most requests it held at once.
 */
final class ScriptedServer implements AutoCloseable {
    /**
     * One scripted answer, sent after holding the request {@code delayMs}; with {@code bodyDelayMs} the headers
     * go first and the body that much later.
     */
    record Reply(int status, String body, Map<String, String> headers, long delayMs, long bodyDelayMs) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), 0, 0);
        }

        static Reply status(int status) {
            return json(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}");
        }

        Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, delayMs, bodyDelayMs);
        }

        Reply after(Duration hold) {
            return new Reply(status, body, headers, hold.toMillis(), bodyDelayMs);
        }

        Reply bodyAfter(Duration stall) {
            return new Reply(status, body, headers, delayMs, stall.toMillis());
        }
    }

    /** One received request. */
    record Request(String path, String authorization, String contentType, String body, long arrivedNanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile Function<Request, Reply> fallback = r -> Reply.json(500, "{\"error\":\"nothing scripted\"}");

    private ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ScriptedServer start() {
        try {
            return new ScriptedServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** Queues replies, used one per request in this order. */
    ScriptedServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply to every request once the queued ones are used up. */
    ScriptedServer otherwise(Function<Request, Reply> reply) {
        this.fallback = reply;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int calls() {
        return requests.size();
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The most requests the server held at once. */
    int peakConcurrent() {
        return peak.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            long arrived = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, arrived);
            requests.add(request);
            peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
            Reply reply;
            try {
                Reply queued = script.poll();
                reply = queued != null ? queued : fallback.apply(request);
                if (reply.delayMs() > 0) {
                    Thread.sleep(reply.delayMs());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                holding.decrementAndGet();
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), reply.bodyDelayMs() > 0 ? 0 : bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (reply.bodyDelayMs() > 0) {
                    out.flush();
                    Thread.sleep(reply.bodyDelayMs());
                }
                out.write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException e) {
            // the client gave up on this request (its time limit): nothing to answer
        } finally {
            exchange.close();
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code limit}. */
    static void eventually(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition did not hold within " + limit);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
