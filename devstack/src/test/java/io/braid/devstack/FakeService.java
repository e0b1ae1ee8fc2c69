package io.braid.devstack;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Quarkus service in {@link DevStackTest}: listens on {@code QUARKUS_HTTP_HOST:QUARKUS_HTTP_PORT},
 * answers 200 on {@code /q/health/ready} and echoes an environment variable on {@code /env/<name>}. Like
 * Quarkus with {@code quarkus.management.enabled}, health is served only on
 * {@code QUARKUS_MANAGEMENT_HOST:QUARKUS_MANAGEMENT_PORT} when that port is set.
 * With {@code FAKE_SERVICE_FAIL} set it prints that text and exits with status 3 instead; with
 * {@code FAKE_SERVICE_OOM_AFTER_MS} it serves that long, then ends as {@code -XX:+ExitOnOutOfMemoryError} would.
 */
public final class FakeService {
    private FakeService() {
    }

    /** Serves until killed. */
    public static void main(String[] args) throws Exception {
        String failure = System.getenv("FAKE_SERVICE_FAIL");
        if (failure != null) {
            System.out.println(failure);
            System.exit(3);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("QUARKUS_HTTP_HOST"),
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        String managementPort = System.getenv("QUARKUS_MANAGEMENT_PORT");
        HttpServer management = managementPort == null ? server : HttpServer.create(new InetSocketAddress(
                System.getenv().getOrDefault("QUARKUS_MANAGEMENT_HOST", System.getenv("QUARKUS_HTTP_HOST")),
                Integer.parseInt(managementPort)), 0);
        management.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/env/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/env/".length());
            byte[] body = String.valueOf(System.getenv(name)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        if (management != server) {
            management.start();
        }
        System.out.println("fake service listening");
        String crashAfter = System.getenv("FAKE_SERVICE_OOM_AFTER_MS");
        if (crashAfter != null) {
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor().schedule(() -> {
                System.out.println("Terminating due to java.lang.OutOfMemoryError: Java heap space");
                Runtime.getRuntime().halt(3);
            }, Long.parseLong(crashAfter), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
