package io.braid.common.pipeline;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an http model is called ({@code http:} of a {@code model.yaml}). The URL may name environment variables,
 * {@code ${VAR}} or {@code ${VAR:-default}}, and is overridden as a whole by {@code BRAID_MODEL_<NAME>_URL}; the key
 * comes from a Secret named {@code apiKeySecret} (a file in the pool's secrets folder, or the environment variable
 * {@code BRAID_SECRET_<NAME>}), never from the repository.
 *
 * @param protocol        the API spoken
 * @param url             the base URL (before interpolation)
 * @param remoteModel     the model name sent to the remote API
 * @param apiKeySecret    name of the Secret that holds the API key; null when the API needs none
 * @param maxConcurrency  calls in flight per pool instance (further calls wait for a slot)
 * @param timeoutMs       per call
 * @param maxAttempts     calls per item, the first included (retries on 429, 5xx, connection errors, timeouts)
 * @param backoffMs       wait before the first retry (doubles, with jitter; never less than Retry-After)
 * @param maxBackoffMs    longest wait between two attempts
 * @param breakerFailures consecutive failures that open the circuit breaker
 * @param breakerOpenMs   how long it stays open before one half-open probe
 * @param maxBatchSize    embeddings: inputs per call
 * @param maxTokens       chat: {@code max_tokens}; 0 to leave it to the API
 * @param temperature     chat: {@code temperature}; null to leave it to the API
 * @param dimensions      embeddings: the vector size, when known (0: unknown)
 */
public record HttpSpec(Protocol protocol, String url, String remoteModel, String apiKeySecret, int maxConcurrency,
                       long timeoutMs, int maxAttempts, long backoffMs, long maxBackoffMs, int breakerFailures,
                       long breakerOpenMs, int maxBatchSize, int maxTokens, Double temperature, int dimensions) {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** The APIs an http model may speak. */
    public enum Protocol {
        OPENAI_CHAT, OPENAI_EMBEDDINGS, OIP_V2;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Protocol parse(String s) {
            for (Protocol p : values()) {
                if (p.apiName().equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not one of openai-chat, openai-embeddings, oip-v2");
        }
    }

    /**
     * The URL to call: {@code BRAID_MODEL_<NAME>_URL} when set, else {@link #url} with its variables replaced from
     * {@code env} ({@link IllegalStateException} when a variable without default is unset).
     */
    public String resolvedUrl(String modelName, UnaryOperator<String> env) {
        String override = env.apply(envName("BRAID_MODEL_", modelName, "_URL"));
        if (override != null && !override.isBlank()) {
            return trim(override);
        }
        Matcher m = VAR.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null || value.isBlank()) {
                if (m.group(2) == null) {
                    throw new IllegalStateException("model " + modelName + ": url " + url + " needs the environment "
                            + "variable " + m.group(1));
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return trim(out.toString());
    }

    /** {@code prefix + NAME + suffix} with the name upper-cased and every other character than A-Z0-9 as '_'. */
    public static String envName(String prefix, String name, String suffix) {
        return prefix + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + suffix;
    }

    private static String trim(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
