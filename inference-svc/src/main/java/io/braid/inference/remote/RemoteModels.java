package io.braid.inference.remote;

import io.braid.common.pipeline.HttpSpec;
import io.braid.common.pipeline.ModelSpec;
import io.braid.inference.http.HttpModelClient;
import io.braid.inference.http.HttpModelSettings;
import io.braid.inference.http.HttpProtocol;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/** Makes the client of an http model from its {@code model.yaml}, the environment and the pool's secrets. */
public final class RemoteModels {
    private RemoteModels() {
    }

    /**
     * @param env        the process environment (URL variables, {@code BRAID_SECRET_<NAME>})
     * @param secretsDir where mounted Secrets are files named after the Secret
     */
    public static RemoteModel create(ModelSpec spec, UnaryOperator<String> env, Path secretsDir, MeterRegistry metrics) {
        HttpSpec h = spec.http();
        HttpModelSettings settings = new HttpModelSettings(spec.name(), HttpProtocol.fromApiName(h.protocol().apiName()),
                h.resolvedUrl(spec.name(), env), h.remoteModel(), apiKey(h.apiKeySecret(), env, secretsDir),
                h.maxConcurrency(), h.timeoutMs(), h.maxAttempts(), h.backoffMs(), h.maxBackoffMs(), h.breakerFailures(),
                h.breakerOpenMs(), h.maxBatchSize(), h.maxTokens() > 0 ? h.maxTokens() : null, h.temperature());
        RemoteModel model = new RemoteModel(spec, HttpModelClient.create(settings));
        bind(model, metrics);
        return model;
    }

    /** The API key from the Secret named {@code secret}: the variable {@code BRAID_SECRET_<NAME>}, else its file. */
    static String apiKey(String secret, UnaryOperator<String> env, Path secretsDir) {
        if (secret == null) {
            return null;
        }
        String fromEnv = env.apply(HttpSpec.envName("BRAID_SECRET_", secret, ""));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = secretsDir.resolve(secret);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the API key Secret '" + secret + "' is neither in "
                    + HttpSpec.envName("BRAID_SECRET_", secret, "") + " nor in " + file);
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Secret file " + file, e);
        }
    }

    private static void bind(RemoteModel model, MeterRegistry metrics) {
        String name = model.spec().name();
        HttpModelClient c = model.client();
        gauge(metrics, "braid_http_in_flight", name, c, x -> x.limiter().inFlight());
        gauge(metrics, "braid_http_waiting", name, c, x -> x.limiter().waiting());
        gauge(metrics, "braid_http_peak_in_flight", name, c, x -> x.limiter().peak());
        // 0 closed, 1 half-open (a probe is out), 2 open (calls fail fast)
        gauge(metrics, "braid_http_breaker_state", name, c, x -> switch (x.breaker().state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
        counter(metrics, "braid_http_calls", name, "item calls", c, x -> x.stats().calls());
        counter(metrics, "braid_http_attempts", name, "requests sent", c, x -> x.stats().attempts());
        counter(metrics, "braid_http_retries", name, "requests sent again", c, x -> x.stats().retries());
        counter(metrics, "braid_http_failures", name, "item calls that failed", c, x -> x.stats().failures());
        counter(metrics, "braid_http_circuit_open", name, "calls failed fast by the open breaker", c,
                x -> x.stats().circuitOpen());
    }

    private static void gauge(MeterRegistry m, String metric, String model, HttpModelClient c,
                              ToDoubleFunction<HttpModelClient> f) {
        Gauge.builder(metric, c, f).tag("model", model).register(m);
    }

    private static void counter(MeterRegistry m, String metric, String model, String what, HttpModelClient c,
                                ToDoubleFunction<HttpModelClient> f) {
        FunctionCounter.builder(metric, c, f).description(what).tag("model", model).register(m);
    }
}
