package io.braid.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a Quarkus service whether it is ready: {@code GET /q/health/ready} on its management interface
 * ({@link ServiceSpec#managementUrl()}) answers 200.
 */
public final class HealthProbe {
    /** The readiness path of SmallRye Health. */
    public static final String READY_PATH = "/q/health/ready";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private HealthProbe() {
    }

    /** True when {@code managementUrl + /q/health/ready} answers 200 within 5 seconds. */
    public static boolean isReady(String managementUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + READY_PATH))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
