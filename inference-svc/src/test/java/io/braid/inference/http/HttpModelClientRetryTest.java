package io.braid.inference.http;

import io.braid.common.wire.ErrorCode;
import io.braid.inference.http.ScriptedServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.braid.inference.http.HttpModelClientTest.CHAT_ANSWER;
import static io.braid.inference.http.HttpModelClientTest.assertFails;
import static io.braid.inference.http.ScriptedServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries, time limits, deadlines, the breaker and the concurrency cap, against a real HTTP server. */
class HttpModelClientRetryTest {
    private final ScriptedServer server = ScriptedServer.start();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
        scheduler.shutdownNow();
    }

    private HttpModelClient client(HttpModelSettings settings, Clock clock) {
        return new HttpModelClient(settings, http, clock, scheduler, new Random(7));
    }

    private HttpModelClient client(HttpModelSettings settings) {
        return client(settings, Clock.systemUTC());
    }

    /** A chat model: 3 attempts, 10 ms first backoff, 2 s per call, a breaker that needs 50 failures. */
    private HttpModelSettings chat() {
        return HttpModelSettings.of("m", HttpProtocol.OPENAI_CHAT, server.url())
                .withRetry(3, 10, 100).withLimits(8, 2_000).withBreaker(50, 30_000);
    }

    private static long inSeconds(int s) {
        return System.currentTimeMillis() + s * 1_000L;
    }

    private static void allSlotsFreed(HttpModelClient client) {
        eventually(Duration.ofSeconds(5), () -> client.limiter().inFlight() == 0);
    }

    @Test
    void a503IsRetriedUntilTheRemoteAnswers() throws Exception {
        server.then(Reply.status(503), Reply.status(503), Reply.json(200, CHAT_ANSWER));
        HttpModelClient client = client(chat());

        ChatReply reply = client.chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(reply.text()).isEqualTo("Bonjour");
        assertThat(server.calls()).isEqualTo(3);
        assertThat(client.stats().retries()).isEqualTo(2);
        assertThat(client.stats().retryableStatuses()).isEqualTo(2);
        assertThat(client.breaker().consecutiveFailures()).isZero();
        allSlotsFreed(client);
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        server.then(Reply.status(429).header("Retry-After", "1"), Reply.json(200, CHAT_ANSWER));

        client(chat()).chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS);

        List<ScriptedServer.Request> arrivals = server.requests();
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1).arrivedNanos() - arrivals.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a429StormNeverOpensTheBreakerTheRemoteIsOnlyAskingForPatience() throws Exception {
        server.then(Reply.status(429).header("Retry-After", "0"), Reply.status(429).header("Retry-After", "0"),
                Reply.json(200, CHAT_ANSWER));
        HttpModelClient client = client(chat().withBreaker(1, 60_000));

        client.chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(server.calls()).isEqualTo(3);
        assertThat(client.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.breaker().openedCount()).isZero();
    }

    @Test
    void aRetryAfterBeyondTheDeadlineEndsTheItemAtOnceWithDeadlineExceeded() {
        server.then(Reply.status(429).header("Retry-After", "30"));
        HttpModelClient client = client(chat());
        long start = System.currentTimeMillis();

        assertFails(client.chat(null, "Hi", inSeconds(5)), ErrorCode.DEADLINE_EXCEEDED, "does not leave room");

        assertThat(System.currentTimeMillis() - start).isLessThan(4_000);
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void a400IsBadInputAndNotRetried() {
        server.then(Reply.json(400, "{\"error\":{\"message\":\"context too long\"}}"));
        HttpModelClient client = client(chat());

        assertFails(client.chat(null, "Hi", inSeconds(10)), ErrorCode.BAD_INPUT,
                "model 'm' answered 400: {\"error\":{\"message\":\"context too long\"}}");

        assertThat(server.calls()).isEqualTo(1);
        assertThat(client.stats().rejectedByRemote()).isEqualTo(1);
        allSlotsFreed(client);
    }

    @Test
    void aCallThatOutlastsTimeoutMsIsAbandonedAndRetried() throws Exception {
        server.then(Reply.json(200, CHAT_ANSWER).after(Duration.ofSeconds(5)), Reply.json(200, CHAT_ANSWER));
        HttpModelClient client = client(chat().withLimits(8, 300));

        ChatReply reply = client.chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(reply.text()).isEqualTo("Bonjour");
        assertThat(server.calls()).isEqualTo(2);
        assertThat(client.stats().timeouts()).isEqualTo(1);
        allSlotsFreed(client);
    }

    @Test
    void theTimeLimitCoversTheBodyOfAnAnswerWhoseHeadersCameInTime() throws Exception {
        server.then(Reply.json(200, CHAT_ANSWER).bodyAfter(Duration.ofSeconds(5)), Reply.json(200, CHAT_ANSWER));
        HttpModelClient client = client(chat().withLimits(8, 300));

        assertThat(client.chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS).text()).isEqualTo("Bonjour");

        assertThat(server.calls()).isEqualTo(2);
        assertThat(client.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void whenEveryAttemptFailsTheItemIsUnavailableNamingTheAttemptsAndTheLastStatus() {
        server.then(Reply.status(500), Reply.status(502), Reply.json(503, "{\"error\":\"overloaded\"}"));
        HttpModelClient client = client(chat());

        assertFails(client.chat(null, "Hi", inSeconds(10)), ErrorCode.UNAVAILABLE,
                "remote failed after 3 attempts: last 503: {\"error\":\"overloaded\"}");

        assertThat(server.calls()).isEqualTo(3);
        assertThat(client.stats().exhausted()).isEqualTo(1);
        allSlotsFreed(client);
    }

    @Test
    void aRefusedConnectionIsRetriedThenUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpModelClient client = client(HttpModelSettings.of("m", HttpProtocol.OPENAI_CHAT, "http://127.0.0.1:" + closedPort)
                .withRetry(2, 10, 100));

        assertFails(client.chat(null, "Hi", inSeconds(10)), ErrorCode.UNAVAILABLE, "after 2 attempts: last connection error");

        assertThat(client.stats().ioErrors()).isEqualTo(2);
        allSlotsFreed(client);
    }

    @Test
    void theFutureFailsWithDeadlineExceededByTheDeadlineWhenTheRemoteStalls() {
        server.otherwise(r -> Reply.json(200, CHAT_ANSWER).after(Duration.ofSeconds(10)));
        HttpModelClient client = client(chat().withLimits(8, 20_000));
        long deadline = System.currentTimeMillis() + 300;

        CompletableFuture<ChatReply> reply = client.chat(null, "Hi", deadline);

        assertFails(reply, ErrorCode.DEADLINE_EXCEEDED, "model 'm'");
        assertThat(System.currentTimeMillis()).isLessThanOrEqualTo(deadline + 250);
        assertThat(client.stats().deadlineExceeded()).isEqualTo(1);
        allSlotsFreed(client);
    }

    @Test
    void anItemWaitingForASlotFailsWithDeadlineExceededWhenItsDeadlineComesFirst() {
        server.otherwise(r -> Reply.json(200, CHAT_ANSWER).after(Duration.ofSeconds(2)));
        HttpModelClient client = client(chat().withLimits(1, 5_000));
        CompletableFuture<ChatReply> first = client.chat(null, "Hi", inSeconds(10));
        eventually(Duration.ofSeconds(5), () -> server.calls() == 1);
        long deadline = System.currentTimeMillis() + 200;

        assertFails(client.chat(null, "Hi", deadline), ErrorCode.DEADLINE_EXCEEDED, "slot");

        assertThat(System.currentTimeMillis()).isLessThanOrEqualTo(deadline + 250);
        assertThat(first.join().text()).isEqualTo("Bonjour");
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void theBreakerOpensAfterConsecutiveFailuresFailsFastWithoutCallingThenLetsAProbeThrough() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        HttpModelClient client = client(chat().withRetry(1, 10, 100).withBreaker(3, 30_000), clock);
        server.then(Reply.status(503), Reply.status(503), Reply.status(503));
        for (int i = 0; i < 3; i++) {
            assertFails(client.chat(null, "Hi", clock.millis() + 10_000), ErrorCode.UNAVAILABLE, "after 1 attempt");
        }
        assertThat(client.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);

        assertFails(client.chat(null, "Hi", clock.millis() + 10_000), ErrorCode.UNAVAILABLE,
                "circuit open for model 'm' after 3 consecutive failures; next probe in 30000ms");
        assertThat(server.calls()).isEqualTo(3);
        assertThat(client.stats().circuitOpen()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        server.then(Reply.json(200, CHAT_ANSWER));
        assertThat(client.chat(null, "Hi", clock.millis() + 10_000).get(10, TimeUnit.SECONDS).text()).isEqualTo("Bonjour");
        assertThat(server.calls()).isEqualTo(4);
        assertThat(client.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        HttpModelClient client = client(chat().withRetry(1, 10, 100).withBreaker(1, 30_000), clock);
        server.then(Reply.status(503), Reply.status(502));
        assertFails(client.chat(null, "Hi", clock.millis() + 10_000), ErrorCode.UNAVAILABLE, "last 503");
        clock.advance(Duration.ofSeconds(30));

        assertFails(client.chat(null, "Hi", clock.millis() + 10_000), ErrorCode.UNAVAILABLE, "last 502");
        assertFails(client.chat(null, "Hi", clock.millis() + 10_000), ErrorCode.UNAVAILABLE, "circuit open");

        assertThat(server.calls()).isEqualTo(2);
        assertThat(client.breaker().openedCount()).isEqualTo(2);
    }

    @Test
    void aHundredCallsAgainstASlowRemoteNeverHoldMoreThanMaxConcurrencyAndAllSucceed() throws Exception {
        server.otherwise(r -> Reply.json(200, CHAT_ANSWER).after(Duration.ofMillis(200)));
        HttpModelClient client = client(chat().withLimits(8, 5_000));
        List<CompletableFuture<ChatReply>> replies = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            replies.add(client.chat(null, "Hi " + i, inSeconds(60)));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(replies).allSatisfy(r -> assertThat(r.join().text()).isEqualTo("Bonjour"));
        assertThat(server.calls()).isEqualTo(100);
        assertThat(server.peakConcurrent()).isBetween(2, 8);
        assertThat(client.limiter().peak()).isEqualTo(8);
        assertThat(client.stats().successes()).isEqualTo(100);
        allSlotsFreed(client);
    }
}
