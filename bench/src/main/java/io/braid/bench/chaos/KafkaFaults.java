package io.braid.bench.chaos;

import io.braid.common.wire.Topics;
import io.braid.devstack.DevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Faults that arrive as records: garbage on every topic a service consumes, and the results topic replayed. */
final class KafkaFaults {
    private KafkaFaults() {
    }

    /** Records no producer of Braid would write (no headers, a value that is no codec's) on every partition. */
    static Fault poison() {
        return stack -> {
            List<String> topics = new ArrayList<>(List.of(Topics.JOBS, Topics.PREPROCESS, Topics.POSTPROCESS,
                    Topics.RESULTS));
            stack.pools().forEach(p -> topics.add(Topics.inference(p)));
            try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
                for (String topic : topics) {
                    int partitions = producer.partitionsFor(topic).size();
                    for (int p = 0; p < partitions; p++) {
                        producer.send(new ProducerRecord<>(topic, p, null,
                                ("chaos poison for " + topic).getBytes(StandardCharsets.UTF_8))).get();
                    }
                }
            }
        };
    }

    /** Every record of the results topic so far, written again (a producer retry storm, a replayed backup). */
    static Fault replayResults() {
        return stack -> {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            List<ConsumerRecord<byte[], byte[]>> results = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                List<TopicPartition> parts = consumer.partitionsFor(Topics.RESULTS).stream()
                        .map(p -> new TopicPartition(Topics.RESULTS, p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < until) {
                    consumer.poll(Duration.ofMillis(200)).forEach(results::add);
                }
            }
            try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
                for (ConsumerRecord<byte[], byte[]> r : results) {
                    producer.send(new ProducerRecord<>(Topics.RESULTS, null, r.key(), r.value(), r.headers()));
                }
                producer.flush();
            }
        };
    }

    private static KafkaProducer<byte[], byte[]> producer(DevStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
