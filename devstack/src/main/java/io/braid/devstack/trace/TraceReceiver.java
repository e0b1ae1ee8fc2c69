package io.braid.devstack.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The stack's own OTLP/HTTP trace receiver, so that {@code ./braid trace} needs nothing else installed:
 * {@code POST /v1/traces} takes {@code application/x-protobuf} export requests (gzip or not) into a
 * {@link TraceStore}; {@code GET /api/jobs/<jobId>} and {@code GET /api/traces/<traceId>} answer a
 * trace with the spans linked into it as JSON.
 */
public final class TraceReceiver implements AutoCloseable {
    /** Traces kept; the oldest are forgotten first. */
    public static final int MAX_TRACES = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final TraceStore store;

    private TraceReceiver(HttpServer server, ExecutorService executor, TraceStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /** Listens on {@code host:port} (0: any free port). */
    public static TraceReceiver start(String host, int port) throws IOException {
        TraceStore store = new TraceStore(MAX_TRACES);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "braid-otlp-receiver");
            t.setDaemon(true);
            return t;
        });
        TraceReceiver receiver = new TraceReceiver(server, executor, store);
        server.createContext("/", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            // any POST path: an exporter given the endpoint as a base appends /v1/traces, one given it as is does not
            if ("POST".equals(ex.getRequestMethod())) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
                if (encoding != null && encoding.contains("gzip")) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                try {
                    store.add(OtlpTraces.decode(body));
                } catch (IllegalArgumentException e) {
                    reply(ex, 400, "text/plain", ("not an OTLP trace export: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                    return;
                }
                // an empty ExportTraceServiceResponse: everything accepted
                reply(ex, 200, "application/x-protobuf", new byte[0]);
            } else if ("GET".equals(ex.getRequestMethod()) && path.startsWith("/api/jobs/")) {
                answer(ex, store.traceOf(path.substring("/api/jobs/".length())));
            } else if ("GET".equals(ex.getRequestMethod()) && path.startsWith("/api/traces/")) {
                String id = path.substring("/api/traces/".length());
                answer(ex, store.spans(id).isEmpty() ? Optional.empty() : Optional.of(id));
            } else {
                reply(ex, 404, "text/plain", "POST /v1/traces, GET /api/jobs/<jobId>, GET /api/traces/<traceId>"
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void answer(HttpExchange ex, Optional<String> traceId) throws IOException {
        if (traceId.isEmpty()) {
            reply(ex, 404, "application/json", JSON.writeValueAsBytes(Map.of("error", "no trace received for it (yet)")));
            return;
        }
        reply(ex, 200, "application/json", JSON.writeValueAsBytes(store.withLinked(traceId.get())));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public TraceStore store() {
        return store;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL services export to ({@code POST <url>/v1/traces}). */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    /**
     * The environment that points a Quarkus service's exporter here, flushing spans every 200 ms so a
     * finished job's trace is complete moments later.
     */
    public Map<String, String> serviceEnv() {
        return Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url(),
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
