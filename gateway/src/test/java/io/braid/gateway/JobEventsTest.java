package io.braid.gateway;

import io.braid.common.wire.Json;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.DispatcherScripts;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.SseClient;
import io.braid.gateway.testing.SseClient.Event;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/jobs/{id}/events}: the entries the dispatcher's scripts write to the job's events stream,
 * in order, as Server-Sent Events with their stream ids; {@code Last-Event-ID} resumes after one; the
 * {@code end} event carries the finished job and ends the stream.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class JobEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A finished job of two items on digits (mlp, cnn, lenet): item 0 succeeded, item 1 failed. */
    private static final List<String> FINISHED = List.of("status RUNNING", "branch item-0 mlp ok", "branch item-0 cnn ok",
            "branch item-0 lenet ok", "item item-0 ok", "branch item-1 mlp ok", "branch item-1 cnn error",
            "item item-1 failed", "end PARTIAL");

    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;
    @TestHTTPResource("/v1/jobs/")
    URI jobs;

    private DispatcherScripts dispatcher;

    @BeforeEach
    void dispatcher() {
        dispatcher = new DispatcherScripts(redis, clock);
    }

    /** A job of two items, run to its end by the dispatcher's scripts. */
    private String finishedJob() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(2));
        dispatcher.start(job, List.of("item-0", "item-1"), 3);
        runToTheEnd(job);
        return job;
    }

    private void runToTheEnd(String job) {
        dispatcher.record(job, 0, "mlp", "ok");
        dispatcher.record(job, 0, "cnn", "ok");
        dispatcher.record(job, 0, "lenet", "ok");
        dispatcher.record(job, 1, "mlp", "ok");
        assertThat(dispatcher.record(job, 1, "cnn", "error")).as("no failure tolerated: the job joins").isEqualTo("join");
        dispatcher.finish(job, "PARTIAL");
    }

    private URI events(String job) {
        return jobs.resolve(job + "/events");
    }

    /** An event as {@code name field...}: the status, item and branch it is about. */
    private static String describe(Event e) {
        Map<?, ?> data = Json.read(e.data(), Map.class);
        return switch (e.name()) {
            case "status" -> "status " + data.get("status");
            case "branch" -> "branch " + data.get("item") + " " + data.get("branch") + " " + data.get("status");
            case "item" -> "item " + data.get("item") + " " + data.get("status");
            case "end" -> "end " + data.get("status");
            default -> e.name();
        };
    }

    private static List<String> described(List<Event> events) {
        return events.stream().map(JobEventsTest::describe).toList();
    }

    @Test
    void aFinishedJobAnswersItsEventsInOrderThenTheEndAtOnce() {
        String job = finishedJob();
        try (SseClient sse = SseClient.open(events(job), TEAM_A_KEY, null)) {
            List<Event> all = sse.rest(WAIT);
            assertThat(described(all)).containsExactlyElementsOf(FINISHED);
            assertThat(all).allSatisfy(e -> assertThat(e.id()).matches("\\d+-\\d+"));
            Map<?, ?> end = Json.read(all.get(all.size() - 1).data(), Map.class);
            assertThat(end.get("jobId")).isEqualTo(job);
            assertThat(end.get("result")).isEqualTo(Map.of("items", List.of()));
        }
    }

    @Test
    void lastEventIdResumesWithExactlyTheLaterEvents() {
        String job = finishedJob();
        List<Event> all;
        try (SseClient sse = SseClient.open(events(job), TEAM_A_KEY, null)) {
            all = sse.rest(WAIT);
        }
        String itemZero = all.get(4).id();
        try (SseClient resumed = SseClient.open(events(job), TEAM_A_KEY, itemZero)) {
            assertThat(resumed.rest(WAIT)).containsExactlyElementsOf(all.subList(5, all.size()));
        }
        try (SseClient byQuery = SseClient.open(URI.create(events(job) + "?lastEventId=" + itemZero), TEAM_A_KEY, null)) {
            assertThat(byQuery.rest(WAIT)).containsExactlyElementsOf(all.subList(5, all.size()));
        }
    }

    @Test
    void resumingAfterTheEndAnswersTheEndAlone() {
        String job = finishedJob();
        try (SseClient sse = SseClient.open(events(job), TEAM_A_KEY, "end")) {
            assertThat(described(sse.rest(WAIT))).containsExactly("end PARTIAL");
        }
    }

    @Test
    void aMalformedLastEventIdIs400() {
        String job = finishedJob();
        Api.assertProblem(Api.as(TEAM_A_KEY).header("Last-Event-ID", "tomorrow").get("/v1/jobs/{id}/events", job), 400,
                "Bad Request", "Last-Event-ID 'tomorrow' is not an event id of this API");
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdMissesNothingWrittenWhileItWasAway() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(2));
        dispatcher.start(job, List.of("item-0", "item-1"), 3);
        dispatcher.record(job, 0, "mlp", "ok");
        String last;
        try (SseClient sse = SseClient.open(events(job), TEAM_A_KEY, null)) {
            assertThat(describe(sse.next(WAIT))).isEqualTo("status RUNNING");
            Event branch = sse.next(WAIT);
            assertThat(describe(branch)).isEqualTo("branch item-0 mlp ok");
            last = branch.id();
        }
        dispatcher.record(job, 0, "cnn", "ok");
        dispatcher.record(job, 0, "lenet", "ok");
        try (SseClient again = SseClient.open(events(job), TEAM_A_KEY, last)) {
            assertThat(describe(again.next(WAIT))).isEqualTo("branch item-0 cnn ok");
            dispatcher.record(job, 1, "mlp", "ok");
            dispatcher.record(job, 1, "cnn", "error");
            dispatcher.finish(job, "PARTIAL");
            List<String> rest = described(again.rest(WAIT)).stream().filter(e -> !e.equals("progress")).toList();
            assertThat(rest).containsExactlyElementsOf(FINISHED.subList(3, FINISHED.size()));
        }
    }

    @Test
    void aLiveStreamSendsEventsAsTheDispatcherWritesThemAndEndsWithTheJob() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(2));
        dispatcher.start(job, List.of("item-0", "item-1"), 3);
        try (SseClient sse = SseClient.open(events(job), TEAM_A_KEY, null)) {
            assertThat(describe(sse.next(WAIT))).isEqualTo("status RUNNING");
            Event progress = sse.next(WAIT);
            assertThat(progress.name()).isEqualTo("progress");
            assertThat(progress.id()).as("progress events are not resumable").isNull();
            assertThat(Json.read(progress.data(), Map.class)).containsEntry("done", 0).containsEntry("total", 6);

            dispatcher.record(job, 0, "mlp", "ok");
            assertThat(describe(sse.next(WAIT))).isEqualTo("branch item-0 mlp ok");

            dispatcher.record(job, 0, "cnn", "ok");
            dispatcher.record(job, 0, "lenet", "ok");
            dispatcher.record(job, 1, "mlp", "ok");
            dispatcher.record(job, 1, "cnn", "error");
            dispatcher.finish(job, "PARTIAL");
            assertThat(described(sse.rest(WAIT))).containsExactlyElementsOf(FINISHED.subList(2, FINISHED.size()));
        }
    }
}
