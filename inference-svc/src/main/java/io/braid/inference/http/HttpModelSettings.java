package io.braid.inference.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How one remote model is called. Validated on construction: every violation is an
 * {@link IllegalArgumentException} that names the model and the setting.
 *
 * @param name            the Braid model name (what slips name)
 * @param protocol        the wire protocol
 * @param url             base URL, e.g. {@code http://localhost:8089} (a trailing slash is dropped); chat POSTs
 *                        {@code {url}/v1/chat/completions}, embeddings {@code {url}/v1/embeddings}, OIP
 *                        {@code {url}/v2/models/{remoteModel}/infer}
 * @param remoteModel     the model name sent to the remote; null or blank means {@code name}
 * @param apiKey          sent as {@code Authorization: Bearer <apiKey>}; null or blank means no header
 * @param maxConcurrency  HTTP calls in flight at once, per client instance
 * @param timeoutMs       limit of one HTTP call (cut further by the item's deadline)
 * @param maxAttempts     calls per item, the first one included (1 = no retry)
 * @param backoffMs       delay before the first retry (doubles per retry, see {@link Backoff})
 * @param maxBackoffMs    cap of the retry delay (a server's Retry-After may exceed it)
 * @param breakerFailures consecutive failed calls that open the circuit breaker
 * @param breakerOpenMs   how long the breaker stays open before one half-open probe
 * @param maxBatchSize    embeddings: inputs per call
 * @param maxTokens       chat: {@code max_tokens}, or null to leave it to the remote
 * @param temperature     chat: {@code temperature} in [0, 2], or null to leave it to the remote
 */
public record HttpModelSettings(String name, HttpProtocol protocol, String url, String remoteModel, String apiKey,
                                int maxConcurrency, long timeoutMs, int maxAttempts, long backoffMs, long maxBackoffMs,
                                int breakerFailures, long breakerOpenMs, int maxBatchSize, Integer maxTokens,
                                Double temperature) {

    public HttpModelSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an HTTP model needs a name");
        }
        if (protocol == null) {
            throw new IllegalArgumentException(bad(name, "protocol", "is missing"));
        }
        url = checkUrl(name, url);
        remoteModel = remoteModel == null || remoteModel.isBlank() ? name : remoteModel.trim();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        atLeast(name, "maxConcurrency", maxConcurrency, 1);
        atLeast(name, "timeoutMs", timeoutMs, 1);
        atLeast(name, "maxAttempts", maxAttempts, 1);
        atLeast(name, "backoffMs", backoffMs, 0);
        atLeast(name, "maxBackoffMs", maxBackoffMs, backoffMs);
        atLeast(name, "breakerFailures", breakerFailures, 1);
        atLeast(name, "breakerOpenMs", breakerOpenMs, 1);
        atLeast(name, "maxBatchSize", maxBatchSize, 1);
        if (maxTokens != null) {
            atLeast(name, "maxTokens", maxTokens, 1);
        }
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException(bad(name, "temperature", "must be within [0, 2], got " + temperature));
        }
    }

    /**
     * Settings with defaults: 64 calls in flight, 30 s per call, 3 attempts, backoff 200 ms doubling to 10 s,
     * the breaker opening after 5 consecutive failures for 30 s, 64 inputs per embeddings call.
     */
    public static HttpModelSettings of(String name, HttpProtocol protocol, String url) {
        return new HttpModelSettings(name, protocol, url, null, null, 64, 30_000, 3, 200, 10_000, 5, 30_000, 64,
                null, null);
    }

    public HttpModelSettings withRemoteModel(String remoteModel) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withApiKey(String apiKey) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withLimits(int maxConcurrency, long timeoutMs) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withRetry(int maxAttempts, long backoffMs, long maxBackoffMs) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withBreaker(int breakerFailures, long breakerOpenMs) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withMaxBatchSize(int maxBatchSize) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    public HttpModelSettings withGeneration(Integer maxTokens, Double temperature) {
        return new HttpModelSettings(name, protocol, url, remoteModel, apiKey, maxConcurrency, timeoutMs, maxAttempts,
                backoffMs, maxBackoffMs, breakerFailures, breakerOpenMs, maxBatchSize, maxTokens, temperature);
    }

    /** The URI a call of this model POSTs to. */
    public URI endpoint() {
        return URI.create(url + protocol.path(remoteModel));
    }

    /** The settings without the API key, for logs. */
    @Override
    public String toString() {
        return "HttpModelSettings[name=" + name + ", protocol=" + protocol + ", url=" + url + ", remoteModel="
                + remoteModel + ", apiKey=" + (apiKey == null ? "none" : "***") + ", maxConcurrency=" + maxConcurrency
                + ", timeoutMs=" + timeoutMs + ", maxAttempts=" + maxAttempts + ", backoffMs=" + backoffMs
                + ", maxBackoffMs=" + maxBackoffMs + ", breakerFailures=" + breakerFailures + ", breakerOpenMs="
                + breakerOpenMs + ", maxBatchSize=" + maxBatchSize + ", maxTokens=" + maxTokens + ", temperature="
                + temperature + "]";
    }

    private static String checkUrl(String name, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(bad(name, "url", "is missing"));
        }
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(bad(name, "url", "must be an absolute http(s) URL, got '" + url + "'"));
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(bad(name, "url", "must not carry a query or fragment, got '" + url + "'"));
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(bad(name, "url", "is not a URL: '" + url + "' (" + e.getReason() + ")"));
        }
        return trimmed;
    }

    private static void atLeast(String name, String setting, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(bad(name, setting, "must be >= " + min + ", got " + value));
        }
    }

    private static String bad(String name, String setting, String problem) {
        return "HTTP model '" + name + "': " + setting + " " + problem;
    }
}
