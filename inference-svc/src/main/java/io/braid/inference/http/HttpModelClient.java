package io.braid.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.BranchOutput.Usage;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.TaskException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Calls one remote model over HTTP without blocking a thread: {@link HttpClient#sendAsync} carries the
 * calls, so one client holds thousands in flight on a few threads.
 *
 * <p>Every attempt of an item: waits for one of {@code maxConcurrency} slots ({@link AsyncLimiter}, bounded by
 * the deadline); asks the {@link CircuitBreaker} (open: fail fast with {@code UNAVAILABLE}); sends with a time
 * limit of {@code min(timeoutMs, time left to the deadline)}; frees its slot when the answer (or the time limit)
 * comes. The answer is classified:
 * <ul>
 *   <li>2xx: success, parsed; a body without the protocol's shape is {@code INFERENCE_FAILED}, not retried (the
 *       same request would get the same answer) but counted as a breaker failure (a remote answering garbage is
 *       not healthy, and when it is a misconfiguration every call fails anyway);</li>
 *   <li>429: retried after {@link Backoff}, never sooner than {@code Retry-After}; the remote is up and only asks
 *       for patience, so it counts as a breaker success (a 429 storm never opens the breaker);</li>
 *   <li>500, 502, 503, 504, a connection error, or no complete answer within the time limit: retried after
 *       {@link Backoff} (never sooner than {@code Retry-After}), counted as a breaker failure;</li>
 *   <li>another 4xx: {@code BAD_INPUT}, not retried; the remote is up, so it counts as a breaker success;</li>
 *   <li>anything else (501, 505, 3xx, ...): {@code INFERENCE_FAILED}, not retried, a breaker failure.</li>
 * </ul>
 * After {@code maxAttempts} failed attempts the item fails with {@code UNAVAILABLE} naming the attempts and
 * the last outcome. A retry whose wait would end at or after the deadline is not started: the item fails with
 * {@code DEADLINE_EXCEEDED}. The returned future completes by the deadline in every case (a timer completes
 * it then if nothing else has); cancelling it stops further attempts.
 */
public final class HttpModelClient {
    private final HttpModelSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final CircuitBreaker breaker;
    private final AsyncLimiter limiter;
    private final HttpClientStats stats = new HttpClientStats();
    private final URI endpoint;
    private final String who;

    /**
     * @param settings  the model and its call policy
     * @param http      carries the calls (its executor runs the answer handling)
     * @param clock     deadlines, Retry-After dates and the breaker's open time are measured against it
     * @param scheduler runs retries, per-call time limits, queued-slot deadlines and the item deadline
     * @param random    the jitter of the retry delay (used under a lock, so any generator will do)
     */
    public HttpModelClient(HttpModelSettings settings, HttpClient http, Clock clock, ScheduledExecutorService scheduler,
                           RandomGenerator random) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.scheduler = scheduler;
        this.backoff = new Backoff(settings.backoffMs(), settings.maxBackoffMs(), () -> {
            synchronized (random) {
                return random.nextDouble();
            }
        });
        this.breaker = new CircuitBreaker(clock, settings.breakerFailures(), Duration.ofMillis(settings.breakerOpenMs()));
        this.limiter = new AsyncLimiter(settings.maxConcurrency(), clock, scheduler);
        this.endpoint = settings.endpoint();
        this.who = "model '" + settings.name() + "'";
    }

    /** A client with an HTTP/1.1 {@link #defaultHttpClient}, the system clock and a shared daemon timer thread. */
    public static HttpModelClient create(HttpModelSettings settings) {
        return new HttpModelClient(settings, defaultHttpClient(settings), Clock.systemUTC(), DaemonTimer.shared(),
                new Random());
    }

    /** HTTP/1.1 (no h2c upgrade attempts against plain-HTTP servers), connect timeout min(timeoutMs, 10 s). */
    public static HttpClient defaultHttpClient(HttpModelSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(settings.timeoutMs(), 10_000)))
                .build();
    }

    /** A chat completion of {@code user} after the optional {@code system} prompt. */
    public CompletableFuture<ChatReply> chat(String system, String user, long deadlineEpochMs) {
        if (settings.protocol() != HttpProtocol.OPENAI_CHAT) {
            return wrongProtocol("chat");
        }
        if (user == null) {
            return CompletableFuture.failedFuture(new TaskException(ErrorCode.BAD_INPUT, who + ": no user message"));
        }
        return call(HttpWire.chatRequest(settings, system, user), HttpWire::parseChat, deadlineEpochMs);
    }

    /** The embeddings of {@code texts}, in their order. */
    public CompletableFuture<List<float[]>> embed(List<String> texts, long deadlineEpochMs) {
        return embeddings(texts, deadlineEpochMs).thenApply(Embeddings::vectors);
    }

    /**
     * The embeddings of {@code texts} with the summed token usage: calls of at most {@code maxBatchSize}
     * inputs, each under the slot limit and the retry policy, reassembled in input order. When one call fails
     * the others are cancelled and the result fails with its error.
     */
    public CompletableFuture<Embeddings> embeddings(List<String> texts, long deadlineEpochMs) {
        if (settings.protocol() != HttpProtocol.OPENAI_EMBEDDINGS) {
            return wrongProtocol("embed");
        }
        if (texts == null || texts.stream().anyMatch(t -> t == null)) {
            return CompletableFuture.failedFuture(new TaskException(ErrorCode.BAD_INPUT, who + ": a text to embed is null"));
        }
        if (texts.isEmpty()) {
            return CompletableFuture.completedFuture(new Embeddings(List.of(), null));
        }
        List<CompletableFuture<Embeddings>> parts = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += settings.maxBatchSize()) {
            List<String> chunk = List.copyOf(texts.subList(from, Math.min(texts.size(), from + settings.maxBatchSize())));
            parts.add(call(HttpWire.embeddingsRequest(settings, chunk), a -> HttpWire.parseEmbeddings(a, chunk.size()),
                    deadlineEpochMs));
        }
        CompletableFuture<Embeddings> all = new CompletableFuture<>();
        for (CompletableFuture<Embeddings> part : parts) {
            part.whenComplete((r, e) -> {
                if (e != null && all.completeExceptionally(unwrap(e))) {
                    parts.forEach(p -> p.cancel(false));
                }
            });
        }
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRun(() -> {
            List<float[]> vectors = new ArrayList<>(texts.size());
            Usage usage = null;
            for (CompletableFuture<Embeddings> part : parts) {
                Embeddings e = part.join();
                vectors.addAll(e.vectors());
                usage = HttpWire.add(usage, e.usage());
            }
            all.complete(new Embeddings(List.copyOf(vectors), usage));
        });
        all.whenComplete((r, e) -> parts.forEach(p -> p.cancel(false))); // a cancelled result stops the parts
        return all;
    }

    /** Posts an OIP v2 request ({@code {inputs:[{name,shape,datatype,data}]}}); the answer has {@code outputs}. */
    public CompletableFuture<JsonNode> infer(JsonNode oipRequest, long deadlineEpochMs) {
        if (settings.protocol() != HttpProtocol.OIP_V2) {
            return wrongProtocol("infer");
        }
        byte[] body;
        try {
            body = HttpWire.oipRequest(oipRequest);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new TaskException(ErrorCode.BAD_INPUT, who + ": " + e.getMessage()));
        }
        return call(body, HttpWire::checkOip, deadlineEpochMs);
    }

    public HttpModelSettings settings() {
        return settings;
    }

    public HttpClientStats stats() {
        return stats;
    }

    /** The breaker, for its state and counts. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The slot limiter, for in-flight, waiting and peak figures. */
    public AsyncLimiter limiter() {
        return limiter;
    }

    private <T> CompletableFuture<T> wrongProtocol(String what) {
        return CompletableFuture.failedFuture(new TaskException(ErrorCode.BAD_INPUT,
                who + " speaks " + settings.protocol().apiName() + "; it cannot " + what));
    }

    private <T> CompletableFuture<T> call(byte[] body, Function<JsonNode, T> parser, long deadline) {
        PendingCall<T> item = new PendingCall<>(body, parser, deadline, who, stats);
        stats.calls.increment();
        long left = deadline - clock.millis();
        if (left <= 0) {
            item.failDeadline("the deadline had passed before the first attempt");
            return item.result;
        }
        ScheduledFuture<?> guard = scheduler.schedule(
                () -> item.failDeadline("the deadline passed while " + item.phase), left, TimeUnit.MILLISECONDS);
        item.result.whenComplete((r, e) -> guard.cancel(false));
        attempt(item, 1);
        return item.result;
    }

    private <T> void attempt(PendingCall<T> item, int n) {
        if (item.done()) {
            return;
        }
        item.phase = "waiting for one of " + settings.maxConcurrency() + " slots (attempt " + n + ")";
        limiter.acquire(item.deadline).whenComplete((permit, waitError) -> {
            if (waitError != null) {
                item.failDeadline("no free slot of " + settings.maxConcurrency() + " before the deadline");
                return;
            }
            try {
                long left = item.deadline - clock.millis();
                if (item.done() || left <= 0) {
                    permit.release();
                    item.failDeadline("the deadline passed while waiting for a slot");
                    return;
                }
                if (!breaker.tryAcquire()) {
                    permit.release();
                    item.fail(circuitOpen(), stats.circuitOpen);
                    return;
                }
                send(item, n, permit, Math.min(settings.timeoutMs(), left));
            } catch (RuntimeException e) {
                permit.release();
                item.failInternal(e);
            }
        });
    }

    private TaskException circuitOpen() {
        if (breaker.state() == CircuitBreaker.State.HALF_OPEN) {
            return new TaskException(ErrorCode.UNAVAILABLE, "circuit half-open for " + who + " after "
                    + breaker.consecutiveFailures() + " consecutive failures; a probe is in flight");
        }
        return new TaskException(ErrorCode.UNAVAILABLE, "circuit open for " + who + " after "
                + breaker.consecutiveFailures() + " consecutive failures; next probe in " + breaker.nextProbeInMs() + "ms");
    }

    private <T> void send(PendingCall<T> item, int n, AsyncLimiter.Permit permit, long timeoutMs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Client-Id", item.id)
                .POST(HttpRequest.BodyPublishers.ofByteArray(item.body));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        item.phase = "waiting for the answer to attempt " + n + " (time limit " + timeoutMs + " ms)";
        stats.attempts.increment();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            breaker.onAbandoned();
            throw e;
        }
        // the time limit covers the whole answer, body included (HttpClient's request timeout may end with the headers)
        CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
        exchange.whenComplete((r, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(r);
            }
        });
        ScheduledFuture<?> limit = scheduler.schedule(() -> {
            if (answer.completeExceptionally(new HttpTimeoutException("no complete answer within " + timeoutMs + " ms"))) {
                exchange.cancel(true);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        answer.whenComplete((response, error) -> {
            limit.cancel(false);
            permit.release();
            try {
                handle(item, n, response, error, timeoutMs);
            } catch (RuntimeException e) {
                item.failInternal(e);
            }
        });
    }

    private <T> void handle(PendingCall<T> item, int n, HttpResponse<String> response, Throwable error, long timeoutMs) {
        if (error != null) {
            Throwable cause = unwrap(error);
            breaker.onFailure();
            if (cause instanceof HttpTimeoutException) {
                stats.timeouts.increment();
                retryOrFail(item, n, "no complete answer within " + timeoutMs + " ms", -1);
            } else if (cause instanceof IOException) {
                stats.ioErrors.increment();
                retryOrFail(item, n, "connection error: " + cause, -1);
            } else {
                item.failInternal(cause);
            }
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            T value;
            try {
                value = item.parser.apply(Json.MAPPER.readTree(response.body()));
            } catch (IOException | RuntimeException e) {
                breaker.onFailure();
                item.fail(new TaskException(ErrorCode.INFERENCE_FAILED, who + " answered " + status
                        + " with an unreadable body (" + e.getMessage() + "): " + HttpWire.snippet(response.body())),
                        stats.unreadable);
                return;
            }
            breaker.onSuccess();
            item.succeed(value);
        } else if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
            if (status == 429) {
                breaker.onSuccess();
            } else {
                breaker.onFailure();
            }
            stats.retryableStatuses.increment();
            long retryAfter = Backoff.retryAfterMs(response.headers().firstValue("Retry-After").orElse(null), clock.millis());
            retryOrFail(item, n, status + ": " + HttpWire.snippet(response.body()), retryAfter);
        } else if (status >= 400 && status < 500) {
            breaker.onSuccess();
            item.fail(new TaskException(ErrorCode.BAD_INPUT,
                    who + " answered " + status + ": " + HttpWire.snippet(response.body())), stats.rejectedByRemote);
        } else {
            breaker.onFailure();
            item.fail(new TaskException(ErrorCode.INFERENCE_FAILED,
                    who + " answered " + status + ": " + HttpWire.snippet(response.body())), stats.otherStatuses);
        }
    }

    private <T> void retryOrFail(PendingCall<T> item, int n, String outcome, long retryAfterMs) {
        item.last = outcome;
        if (item.done()) {
            return;
        }
        if (n >= settings.maxAttempts()) {
            item.fail(new TaskException(ErrorCode.UNAVAILABLE, who + ": remote failed after " + n
                    + (n == 1 ? " attempt" : " attempts") + ": last " + outcome), stats.exhausted);
            return;
        }
        long delay = backoff.delayMs(n, retryAfterMs);
        if (Backoff.decide(clock.millis(), item.deadline, delay) instanceof Backoff.GiveUp giveUp) {
            item.failDeadline("gave up after " + n + (n == 1 ? " attempt: " : " attempts: ") + giveUp.reason());
            return;
        }
        item.phase = "waiting " + delay + " ms to retry (attempt " + (n + 1) + ")";
        stats.retries.increment();
        ScheduledFuture<?> retry = scheduler.schedule(() -> attempt(item, n + 1), delay, TimeUnit.MILLISECONDS);
        item.result.whenComplete((r, e) -> retry.cancel(false));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
