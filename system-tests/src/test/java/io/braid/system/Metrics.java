package io.braid.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a service's Prometheus metrics from its management interface ({@code ServiceProcess.managementUrl()}). */
final class Metrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Metrics() {
    }

    /** Sum of every sample of {@code name} whose labels contain all of {@code labels} (e.g. {@code result="skipped"}). */
    static double sum(String managementUrl, String name, String... labels) {
        String body;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // a wrong port must fail the test, not read as "no samples"
                throw new IllegalStateException(managementUrl + "/q/metrics answered " + response.statusCode());
            }
            body = response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double total = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean match = true;
            for (String l : labels) {
                match &= line.contains(l);
            }
            if (match) {
                // with tracing on, a sample may end with an exemplar: "name{...} 4.0 # {trace_id=...} 1.0 1764..."
                int exemplar = line.indexOf(" # ");
                String sample = exemplar > 0 ? line.substring(0, exemplar) : line;
                total += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
