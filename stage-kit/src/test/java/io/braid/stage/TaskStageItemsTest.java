package io.braid.stage;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.stage.trace.StageSpans;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.Parts;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.SlipCodec;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.TaskOutcome;
import io.braid.common.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One item's failure never fails the other items of its task record. */
class TaskStageItemsTest {
    /** The smallest record limit: a value may hold 65536 bytes. */
    private static final int MAX_RECORD_BYTES = 131_072;
    private static final StageConfig CONFIG = new StageConfig() {
        @Override
        public int maxRecordBytes() {
            return MAX_RECORD_BYTES;
        }

        @Override
        public int deadLetterMaxBytes() {
            return 65_536;
        }

        @Override
        public java.util.Optional<String> pool() {
            return java.util.Optional.empty();
        }

        @Override
        public boolean progressMarks() {
            return true;
        }
    };
    private final List<Hop> sent = new ArrayList<>();
    private final HopSender sender = new HopSender(null) {
        @Override
        public CompletionStage<Void> send(List<Hop> hops) {
            synchronized (sent) {
                sent.addAll(hops);
            }
            return CompletableFuture.completedFuture(null);
        }
    };
    private final SkipList skips = new SkipList(System::currentTimeMillis);
    private final TaskStage stage = new TaskStage(sender, Clock.systemUTC(), new SimpleMeterRegistry(),
            skips, CONFIG, new StageSpans(io.opentelemetry.api.OpenTelemetry.noop(), CONFIG),
            new ProgressMarks(sender, Clock.systemUTC(), CONFIG, new SimpleMeterRegistry()));

    @Test
    void anItemWhoseOutputIsLargerThanARecordEndsAloneAsTooLargeAndTheOthersTravelOn() throws Exception {
        run(3, (task, parts) -> CompletableFuture.completedFuture(new ItemResults(3)
                .forward(0, new byte[1000]).forward(1, new byte[70_000]).forward(2, new byte[10])));
        for (Hop forward : forwards()) {
            assertThat(forward.headers().get(Headers.ITEMS)).isEqualTo("0,2");
            assertThat(Parts.of(forward.value(), 2)).extracting(b -> b.length).containsExactly(1000, 10);
        }
        List<TaskOutcome> outcomes = outcomes();
        assertThat(outcomes).extracting(TaskOutcome::item).containsOnly(1);
        assertThat(outcomes).extracting(TaskOutcome::branch).containsExactlyInAnyOrder("a", "b");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.ERROR);
            assertThat(o.error().code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(o.error().message()).contains("70000 bytes", "65536", "braid.max-record-bytes");
        });
        Hop dead = only(Topics.DEAD_LETTER);
        assertThat(dead.headers().get(Headers.ITEM_INDEX)).isEqualTo("1");
        assertThat(dead.headers()).doesNotContainKey(Headers.ITEMS);
    }

    @Test
    void aTaskTakenIsReportedOnceAsItsItemsEnteringTheStageOnEveryBranchItCovers() throws Exception {
        run(3, (task, parts) -> CompletableFuture.completedFuture(new ItemResults(3)
                .forward(0, new byte[1]).forward(1, new byte[1]).forward(2, new byte[1])));
        Hop hop = only(Topics.PROGRESS);
        assertThat(hop.key()).isEqualTo("job-1");
        io.braid.common.wire.ProgressMark mark = io.braid.common.wire.ProgressMark.fromJson(hop.value());
        assertThat(mark.stage()).isEqualTo("preprocess");
        assertThat(mark.items()).containsExactly(0, 1, 2);
        assertThat(mark.branches()).containsExactly("a", "b");
    }

    @Test
    void anOutOfMemoryErrorOfTheWholeTaskIsNotRetriedAndEndsAsResourceExhausted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        run(2, (task, parts) -> {
            runs.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        });
        assertThat(runs).hasValue(1);
        assertThat(outcomes()).hasSize(4).allSatisfy(o -> {
            assertThat(o.error().code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
            assertThat(o.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aTypedErrorOfOneItemLeavesTheOthersUntouched() throws Exception {
        run(3, (task, parts) -> CompletableFuture.completedFuture(new ItemResults(3).forward(0, new byte[5])
                .fail(1, new TaskException(ErrorCode.TOO_LARGE, "image is 2000x2000")).forward(2, new byte[6])));
        assertThat(forwards()).allSatisfy(f -> assertThat(f.headers().get(Headers.ITEMS)).isEqualTo("0,2"));
        assertThat(outcomes()).extracting(TaskOutcome::item).containsOnly(1);
    }

    @Test
    void outcomesTooLargeForOneResultsRecordAreSplitOverSeveral() throws Exception {
        // 3 items x 2 branches x 3000 probabilities: ~90 kB of JSON against 64 kB a value may hold
        run(3, (task, parts) -> {
            ItemResults r = new ItemResults(3);
            double[] probabilities = new double[3000];
            Arrays.fill(probabilities, 0.123456789);
            for (int i = 0; i < 3; i++) {
                r.output(i, new io.braid.common.wire.BranchOutput("7", probabilities, List.of()));
            }
            return CompletableFuture.completedFuture(r);
        }, false);
        List<Hop> results;
        synchronized (sent) {
            results = sent.stream().filter(h -> h.topic().equals(Topics.RESULTS)).toList();
        }
        assertThat(results).hasSizeGreaterThan(1).allSatisfy(h -> assertThat(h.value().length).isLessThanOrEqualTo(65_536));
        assertThat(results.stream().flatMap(h -> TaskOutcome.listFromJson(h.value()).stream()))
                .extracting(o -> o.item() + o.branch()).containsExactlyInAnyOrder("0a", "1a", "2a");
    }

    @Test
    void anItemDecidedNoticeSkipsTheItemsBranchTasksButNeverItsSynthesis() throws Exception {
        skips.itemDecided("job-1", 0, System.currentTimeMillis() + 60_000);
        AtomicInteger runs = new AtomicInteger();
        TaskStage.Work work = (task, parts) -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(new ItemResults(1).output(0,
                    io.braid.common.wire.BranchOutput.text("merged", null, null)));
        };
        run(1, work, "a");
        assertThat(runs).as("a branch task of a decided item").hasValue(0);
        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.CANCELLED));
        synchronized (sent) {
            sent.clear();
        }
        run(1, work, "_synthesis");
        assertThat(runs).as("the synthesis that follows the decision").hasValue(1);
        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.OK));
    }

    /** Runs one task of {@code items} items through the stage and waits until its record is acked. */
    private void run(int items, TaskStage.Work work) throws Exception {
        run(items, work, true);
    }

    /** As {@link #run(int, TaskStage.Work)}; {@code forks} false: the stage is the last of branch {@code a}. */
    private void run(int items, TaskStage.Work work, boolean forks) throws Exception {
        run(items, work, forks ? null : "a");
    }

    /** As {@link #run(int, TaskStage.Work)}; a {@code branch}: the stage is the last of that branch, else it forks. */
    private void run(int items, TaskStage.Work work, String branch) throws Exception {
        boolean forks = branch == null;
        RoutingSlip inference = new RoutingSlip(List.of(new Step("inference", Topics.inference("p"), "m", Map.of())), List.of());
        RoutingSlip slip = new RoutingSlip(List.of(new Step("preprocess", Topics.PREPROCESS, "image-to-tensor", Map.of())),
                forks ? List.of(new RoutingSlip.Fork("a", inference), new RoutingSlip.Fork("b", inference)) : List.of());
        RecordHeaders h = new RecordHeaders();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            indices.add(i);
        }
        Map.of(Headers.JOB_ID, "job-1", Headers.PIPELINE, "p", Headers.ITEM_INDEX, "0",
                Headers.ITEMS, String.join(",", indices.stream().map(String::valueOf).toList()), Headers.ATTEMPT, "1",
                Headers.DEADLINE, Long.toString(System.currentTimeMillis() + 60_000), Headers.RETRY, "3/1",
                Headers.SLIP, new String(SlipCodec.encode(slip), StandardCharsets.UTF_8))
                .forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        if (!forks) {
            h.add(Headers.BRANCH, branch.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] parts = new byte[items][];
        Arrays.fill(parts, new byte[]{1, 2, 3});
        byte[] value = Parts.value(List.of(parts));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.PREPROCESS, 0, 0L, System.currentTimeMillis(),
                TimestampType.CREATE_TIME, 5, value.length, "job-1", value, h, Optional.empty());
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<byte[]> msg = Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "tasks")),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                }, t -> {
                    acked.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                });
        stage.handle(msg, "preprocess", new AsyncPermits(1), work);
        acked.get(10, TimeUnit.SECONDS);
    }

    /** The records forked to the inference topic: one per branch. */
    private List<Hop> forwards() {
        synchronized (sent) {
            List<Hop> hops = sent.stream().filter(h -> h.topic().equals(Topics.inference("p"))).toList();
            assertThat(hops).extracting(h -> h.headers().get(Headers.BRANCH)).containsExactlyInAnyOrder("a", "b");
            return hops;
        }
    }

    private Hop only(String topic) {
        synchronized (sent) {
            List<Hop> hops = sent.stream().filter(h -> h.topic().equals(topic)).toList();
            assertThat(hops).as(topic).hasSize(1);
            return hops.get(0);
        }
    }

    private List<TaskOutcome> outcomes() {
        return TaskOutcome.listFromJson(only(Topics.RESULTS).value());
    }
}
