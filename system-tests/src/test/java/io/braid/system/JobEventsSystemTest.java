package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/jobs/{id}/events} from submit to the end: an event per branch outcome and per item decided,
 * progress while the job runs, the end event with the whole job; {@code Last-Event-ID} resumes without loss
 * or repeats; a finished job answers at once. And {@code progress.tree} / {@code eta} of {@code GET} while
 * work moves through the stages.
 */
class JobEventsSystemTest {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    private static String submit(int items, int offset) {
        Api.Reply accepted = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(items, offset)), "");
        assertThat(accepted.status()).as(accepted.body().toString()).isIn(200, 202);
        return accepted.body().path("jobId").asText();
    }

    private static SseReader.Read events(String jobId, String lastEventId) throws Exception {
        return SseReader.read(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events", stack.apiKey(), lastEventId,
                e -> false, LONG);
    }

    private static List<SseReader.Event> named(SseReader.Read read, String name) {
        return read.events().stream().filter(e -> e.name().equals(name)).toList();
    }

    @Test
    void aStreamFromSubmitReportsEveryBranchAndItemThenEndsWithTheWholeJob() throws Exception {
        String jobId = submit(30, 0);
        SseReader.Read read = events(jobId, null);

        assertThat(read.contentType()).startsWith("text/event-stream");
        assertThat(read.closedByServer()).as("the stream closes after the end event").isTrue();
        List<SseReader.Event> all = read.events();
        SseReader.Event end = all.get(all.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(end.data().path("result").path("items").size()).isEqualTo(30);
        assertThat(end.data().path("progress").has("eta")).as("a finished job has no ETA").isFalse();

        Set<String> outcomes = new HashSet<>();
        for (SseReader.Event e : named(read, "branch")) {
            assertThat(e.data().path("status").asText()).isEqualTo("ok");
            outcomes.add(e.data().path("item").asText() + "/" + e.data().path("branch").asText());
        }
        assertThat(named(read, "branch")).as("one event per branch outcome").hasSize(90);
        assertThat(outcomes).hasSize(90);
        Set<String> decided = new HashSet<>();
        for (SseReader.Event e : named(read, "item")) {
            String item = e.data().path("item").asText();
            assertThat(e.data().path("status").asText()).as("named as in the result").isEqualTo("ok");
            decided.add(item);
            long before = all.subList(0, all.indexOf(e)).stream().filter(b -> b.name().equals("branch")
                    && b.data().path("item").asText().equals(item)).count();
            assertThat(before).as("join 'all': item %s is decided after its three branches", item).isEqualTo(3);
        }
        assertThat(decided).hasSize(30);
        assertThat(all.stream().filter(e -> !e.name().equals("progress")).allMatch(e -> e.id() != null))
                .as("every stored event has an id to resume from").isTrue();
        assertThat(all.stream().filter(e -> e.name().equals("progress")).allMatch(e -> e.id() == null)).isTrue();
        double percent = -1;
        for (SseReader.Event p : named(read, "progress")) {
            assertThat(p.data().path("total").asInt()).isEqualTo(90);
            assertThat(p.data().path("percent").asDouble()).as("progress never goes back").isGreaterThanOrEqualTo(percent);
            percent = p.data().path("percent").asDouble();
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheEventsAfterIt() throws Exception {
        String jobId = submit(40, 30);
        SseReader.Read first = SseReader.read(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events", stack.apiKey(),
                null, e -> e.name().equals("branch"), LONG);
        assertThat(first.closedByServer()).as("the reader hung up after the first branch event").isFalse();
        String cut = first.events().get(first.events().size() - 1).id();

        SseReader.Read resumed = events(jobId, cut);
        SseReader.Read whole = events(jobId, null);

        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(resumed));
        assertThat(seen).as("before the cut + after it = the whole stream, no loss, no repeat").isEqualTo(ids(whole));
        assertThat(named(resumed, "branch").size() + named(first, "branch").size()).isEqualTo(120);
    }

    @Test
    void aFinishedJobAnswersItsEventsAndEndAtOnceAndAfterTheLastIdOnlyTheEnd() throws Exception {
        String jobId = submit(3, 70);
        JsonNode done = api.awaitTerminal(jobId, LONG);
        assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");

        long t0 = System.nanoTime();
        SseReader.Read whole = events(jobId, null);
        assertThat(whole.closedByServer()).isTrue();
        assertThat(named(whole, "progress")).as("a finished job gets no progress events").isEmpty();
        SseReader.Event end = whole.events().get(whole.events().size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data()).isEqualTo(api.get("/v1/jobs/" + jobId).body());

        List<SseReader.Event> stored = whole.events().subList(0, whole.events().size() - 1);
        SseReader.Read tail = events(jobId, stored.get(stored.size() - 1).id());
        assertThat(tail.events()).extracting(SseReader.Event::name).containsExactly("end");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no waiting on a finished job")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aMalformedLastEventIdIs400AndAnUnknownJob404BeforeAnyStream() throws Exception {
        SseReader.Read unknown = events("no-such-job", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Api.Reply malformed = api.get("/v1/jobs/" + submit(1, 0) + "/events?lastEventId=x%20y");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("detail").asText()).contains("not an event id");
    }

    @Test
    void whileAJobRunsItsTreeShowsEachCellsStageAndAnEtaThatIsGoneAtTheEnd() throws Exception {
        submit(20, 0); // teaches the dispatcher the stages' durations and rate, if no earlier test did
        api.awaitTerminal(submit(20, 20), LONG);
        String jobId = submit(300, 0);
        Set<String> stages = new HashSet<>();
        AtomicBoolean sawEta = new AtomicBoolean();
        JsonNode last = Api.poll(() -> api.get("/v1/jobs/" + jobId).body(), job -> {
            JsonNode progress = job.path("progress");
            for (JsonNode item : progress.path("tree")) {
                item.path("branches").forEach(cell -> {
                    stages.add(cell.path("stage").asText());
                    assertThat(cell.path("since").asLong()).isPositive();
                });
            }
            JsonNode eta = progress.path("eta");
            if (job.path("status").asText().equals("RUNNING") && eta.has("ms")) {
                assertThat(eta.path("ms").asLong()).isNotNegative();
                assertThat(eta.path("at").asLong()).isGreaterThanOrEqualTo(eta.path("ms").asLong());
                sawEta.set(true);
            }
            return Api.TERMINAL.contains(job.path("status").asText());
        }, LONG);
        assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("progress").has("eta")).isFalse();
        assertThat(last.path("progress").has("tree")).isFalse();
        assertThat(sawEta).as("an ETA while the job ran").isTrue();
        assertThat(stages).as("cells seen beyond the queue").isNotEmpty()
                .isSubsetOf("queued", "preprocess", "batch", "inference", "postprocess", "joined");
        assertThat(stages.size()).as("work seen moving through stages: %s", stages).isGreaterThan(1);
    }

    private static List<String> ids(SseReader.Read read) {
        return read.events().stream().filter(e -> e.id() != null).map(SseReader.Event::id).toList();
    }
}
