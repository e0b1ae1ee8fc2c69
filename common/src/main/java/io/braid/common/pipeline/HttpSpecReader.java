package io.braid.common.pipeline;

import java.util.Map;
import java.util.Set;

/** Reads and checks the {@code http:} section of an http model's {@code model.yaml}. */
final class HttpSpecReader {
    private static final Set<String> FIELDS = Set.of("protocol", "url", "model", "apiKeySecret", "maxConcurrency",
            "timeoutMs", "retry", "breaker", "maxBatchSize", "maxTokens", "temperature", "dimensions");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "backoffMs", "maxBackoffMs");
    private static final Set<String> BREAKER_FIELDS = Set.of("failures", "openMs");

    private HttpSpecReader() {
    }

    static HttpSpec read(FieldReader r, Map<String, Object> node, String modelName) {
        if (node == null) {
            r.fail("http", "is required when backend is http (protocol, url, ...)");
            return null;
        }
        r.rejectUnknown(node, "http", FIELDS);
        String protocolName = r.string(node, "http", "protocol", true);
        HttpSpec.Protocol protocol = null;
        if (protocolName != null) {
            try {
                protocol = HttpSpec.Protocol.parse(protocolName);
            } catch (IllegalArgumentException e) {
                r.fail("http.protocol", e.getMessage());
            }
        }
        String url = r.string(node, "http", "url", true);
        if (url != null && !url.matches("(https?://|\\$\\{).*")) {
            r.fail("http.url", "'" + url + "' must start with http:// or https:// (or a ${VARIABLE})");
        }
        String remote = r.string(node, "http", "model", false);
        String secret = r.string(node, "http", "apiKeySecret", false);
        if (secret != null && !FieldReader.NAME.matcher(secret).matches()) {
            r.fail("http.apiKeySecret", "'" + secret + "' must be a Secret name (lower case, digits, '-')");
        }
        int concurrency = (int) r.number(node, "http", "maxConcurrency", 16, 1, 100_000);
        long timeout = r.number(node, "http", "timeoutMs", 30_000, 1, 3_600_000);
        Map<String, Object> retry = r.object(node, "http", "retry", false);
        retry = retry == null ? Map.of() : retry;
        r.rejectUnknown(retry, "http.retry", RETRY_FIELDS);
        int attempts = (int) r.number(retry, "http.retry", "maxAttempts", 4, 1, 50);
        long backoff = r.number(retry, "http.retry", "backoffMs", 200, 0, 600_000);
        long maxBackoff = r.number(retry, "http.retry", "maxBackoffMs", 10_000, 0, 3_600_000);
        if (maxBackoff < backoff) {
            r.fail("http.retry.maxBackoffMs", maxBackoff + " is less than backoffMs " + backoff);
        }
        Map<String, Object> breaker = r.object(node, "http", "breaker", false);
        breaker = breaker == null ? Map.of() : breaker;
        r.rejectUnknown(breaker, "http.breaker", BREAKER_FIELDS);
        int failures = (int) r.number(breaker, "http.breaker", "failures", 5, 1, 10_000);
        long openMs = r.number(breaker, "http.breaker", "openMs", 10_000, 1, 3_600_000);
        int batch = (int) r.number(node, "http", "maxBatchSize", 16, 1, 4096);
        int maxTokens = (int) r.number(node, "http", "maxTokens", 0, 0, 1_000_000);
        Double temperature = null;
        Object t = node.get("temperature");
        if (t instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 2) {
            temperature = n.doubleValue();
        } else if (t != null) {
            r.fail("http.temperature", "must be a number between 0 and 2, got '" + t + "'");
        }
        int dimensions = (int) r.number(node, "http", "dimensions", 0, 0, 1_000_000);
        if (protocol == null || url == null) {
            return null;
        }
        return new HttpSpec(protocol, url, remote == null ? modelName : remote, secret, concurrency, timeout, attempts,
                backoff, maxBackoff, failures, openMs, batch, maxTokens, temperature, dimensions);
    }
}
