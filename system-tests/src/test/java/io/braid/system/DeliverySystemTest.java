package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Topics;
import io.braid.devstack.DevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** At-least-once delivery without loss or double effects: dead letters, poison records, replays. */
class DeliverySystemTest {
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @Test
    void aFailedTaskIsParkedOnTheDeadLetterTopicWithStageErrorAndAttempt() throws Exception {
        JsonNode job = JoinPoliciesSystemTest.run("digits-tolerant", JoinPoliciesSystemTest.images(2, 250), "");
        String jobId = job.path("jobId").asText();
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(Topics.DEAD_LETTER).stream()
                .filter(r -> jobId.equals(header(r, Headers.JOB_ID))).toList();
        assertThat(dead).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, Headers.DLQ_STAGE)).isEqualTo("inference");
            assertThat(header(r, Headers.DLQ_ERROR)).isEqualTo("INFERENCE_FAILED");
            assertThat(header(r, Headers.DLQ_TOPIC)).isEqualTo("braid.inference.cpu-small");
            assertThat(header(r, Headers.ATTEMPT)).isEqualTo("1");
            assertThat(header(r, Headers.BRANCH)).isEqualTo("gap");
            assertThat(r.value().length).isGreaterThan(28 * 28 * 4);
        });
    }

    @Test
    void anItemThatFailsInsideATaskOfSeveralEndsAloneAndOnlyItIsDeadLettered() throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>(JoinPoliciesSystemTest.images(3, 120));
        String broken = images.keySet().stream().skip(1).findFirst().orElseThrow();
        byte[] truncated = Arrays.copyOf(images.get(broken), 60); // a PNG signature and header, then nothing
        images.put(broken, truncated);
        JsonNode job = JoinPoliciesSystemTest.run("digits", images, "");
        String jobId = job.path("jobId").asText();
        for (JsonNode item : job.path("result").path("items")) {
            boolean isBroken = item.path("id").asText().equals(broken);
            for (String branch : List.of("mlp", "cnn", "lenet")) {
                JsonNode b = item.path("branches").path(branch);
                assertThat(b.path("status").asText()).as(item.toString()).isEqualTo(isBroken ? "error" : "ok");
                if (isBroken) {
                    assertThat(b.path("error").path("code").asText()).isEqualTo("BAD_INPUT");
                }
            }
        }
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(Topics.DEAD_LETTER).stream()
                .filter(r -> jobId.equals(header(r, Headers.JOB_ID))).toList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, Headers.DLQ_STAGE)).isEqualTo("preprocess");
            assertThat(header(r, Headers.ITEM_INDEX)).isEqualTo("1");
            assertThat(header(r, Headers.ITEMS)).isNull();
            assertThat(r.value()).isEqualTo(truncated);
        });
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndNeverBlocksItsPartition() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int p = 0; p < 4; p++) {
                producer.send(new ProducerRecord<>(Topics.PREPROCESS, p, null, "garbage".getBytes())).get();
            }
        }
        Api.Reply after = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(8, 40)), "?wait=60");
        assertThat(after.body().path("status").asText()).isEqualTo("SUCCEEDED");
        long poison = readAll(Topics.DEAD_LETTER).stream()
                .filter(r -> "POISON_RECORD".equals(header(r, Headers.DLQ_ERROR))
                        && Topics.PREPROCESS.equals(header(r, Headers.DLQ_TOPIC)))
                .count();
        assertThat(poison).isGreaterThanOrEqualTo(4);
    }

    @Test
    void replayingTheResultTopicFromOffsetZeroLeavesEveryJobExactlyAsItWas() throws Exception {
        List<String> jobIds = new ArrayList<>();
        for (String pipeline : List.of("digits", "digits-quorum", "digits-tolerant")) {
            jobIds.add(JoinPoliciesSystemTest.run(pipeline, JoinPoliciesSystemTest.images(4, 60), "").path("jobId").asText());
        }
        Map<String, String> before = new HashMap<>();
        for (String id : jobIds) {
            before.put(id, api.get("/v1/jobs/" + id).body().toString());
        }
        List<ConsumerRecord<byte[], byte[]>> results = readAll(Topics.RESULTS);
        assertThat(results).isNotEmpty();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> r : results) {
                producer.send(new ProducerRecord<>(Topics.RESULTS, null, r.key(), r.value(), r.headers()));
            }
            producer.flush();
        }
        // the dispatcher has consumed and acknowledged every replayed record once its group caught up
        long left = ConsumerLag.awaitCaughtUp(stack.kafkaBootstrap(), "braid-dispatcher-results", Topics.RESULTS,
                Duration.ofSeconds(60));
        assertThat(left).as("replayed results not yet consumed").isZero();
        for (String id : jobIds) {
            assertThat(api.get("/v1/jobs/" + id).body().toString()).as("job %s", id).isEqualTo(before.get(id));
        }
    }
}
