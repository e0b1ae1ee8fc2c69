package io.braid.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {
    @TempDir
    static Path dir;
    static int port;
    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        port = LocalPorts.pickFree();
        broker = KafkaBroker.start(port, dir.resolve("kafka"));
        broker.createTopics(StackTopics.forPools(List.of("cpu-small", "cpu-large")), StackTopics.PARTITIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void listensOnTheFixedClientPort() {
        assertThat(broker.port()).isEqualTo(port);
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        assertThat(LocalPorts.isListening(port)).isTrue();
    }

    @Test
    void createsEveryStageTopicAndOneInferenceTopicPerPoolWithFourPartitions() throws Exception {
        assertThat(broker.topics()).contains("braid.jobs", "braid.preprocess", "braid.postprocess",
                "braid.results", "braid.deadletter", "braid.control", "braid.inference.cpu-small",
                "braid.inference.cpu-large");
        try (var admin = broker.admin()) {
            var description = admin.describeTopics(List.of("braid.jobs")).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(description.get("braid.jobs").partitions()).hasSize(4);
        }
    }

    @Test
    void everyTopicIsBoundedInTimeAndInSize() throws Exception {
        try (var admin = broker.admin()) {
            for (String topic : StackTopics.forPools(List.of("cpu-small", "cpu-large"))) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
                var config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
                assertThat(Long.parseLong(config.get("retention.bytes").value())).as(topic)
                        .isEqualTo(StackTopics.RETENTION_BYTES);
                assertThat(Long.parseLong(config.get("retention.ms").value())).as(topic).isPositive();
            }
        }
    }

    @Test
    void creatingTopicsTwiceChangesNothing() throws Exception {
        broker.createTopics(List.of("braid.jobs"), StackTopics.PARTITIONS);
        assertThat(broker.topics()).contains("braid.jobs");
    }

    @Test
    void aRecordRoundTripsThroughTheClientListener() throws Exception {
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("braid.results", "job-1", "hello")).get(10, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "devstack-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("braid.results"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("job-1");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void aRestartedBrokerKeepsItsRecordsAndItsClientPort() throws Exception {
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("braid.deadletter", "before", "restart")).get(10, TimeUnit.SECONDS);
            broker.restart(Duration.ofMillis(500));
            assertThat(broker.port()).isEqualTo(port);
            producer.send(new ProducerRecord<>("braid.deadletter", "after", "restart")).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "devstack-restart-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("braid.deadletter"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        assertThat(keys).containsExactlyInAnyOrder("before", "after");
    }
}
