/**
 * Calling remote models over HTTP (pools of kind {@code io}): plain Java, no Quarkus, Kafka or CDI types, so
 * every part is unit-tested alone.
 *
 * <ul>
 *   <li>{@link io.braid.inference.http.HttpModelSettings}: one remote model and its call policy (protocol
 *       {@link io.braid.inference.http.HttpProtocol}: {@code openai-chat}, {@code openai-embeddings},
 *       {@code oip-v2});</li>
 *   <li>{@link io.braid.inference.http.HttpModelClient}: {@code chat}, {@code embed}/{@code embeddings},
 *       {@code infer}, each a future that completes by the item's deadline, over
 *       {@link java.net.http.HttpClient#sendAsync} (no thread waits on a call);</li>
 *   <li>its parts: {@link io.braid.inference.http.AsyncLimiter} (slots of {@code maxConcurrency}, FIFO,
 *       deadline-aware), {@link io.braid.inference.http.CircuitBreaker} (one half-open probe),
 *       {@link io.braid.inference.http.Backoff} (exponential, ±50 % jitter, Retry-After, deadline give-up);</li>
 *   <li>{@link io.braid.inference.http.HttpClientStats}: counters for metrics (binding them to Micrometer is
 *       the integration's job, as is wiring the client into the consumer and the model registry).</li>
 * </ul>
 *
 * <p>Errors are {@link io.braid.common.wire.TaskException}s: {@code BAD_INPUT} (the remote refused the request
 * with a 4xx, or the request cannot be built), {@code UNAVAILABLE} (every attempt failed, or the breaker is
 * open), {@code DEADLINE_EXCEEDED} (the deadline came first, or leaves no room for the next retry),
 * {@code INFERENCE_FAILED} (a 2xx answer without the protocol's shape, or a status such as 501),
 * {@code INTERNAL} (a bug).
 */
package io.braid.inference.http;
