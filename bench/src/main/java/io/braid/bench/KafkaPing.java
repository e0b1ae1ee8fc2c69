package io.braid.bench;

import io.braid.devstack.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The floor under every hop: one record from a producer with the services' settings ({@code acks=all},
 * {@code linger.ms=1}, or 0 to compare) to a plain consumer, through the stack's broker, nothing in between.
 */
final class KafkaPing {
    private static final String TOPIC = "bench.ping";

    private KafkaPing() {
    }

    /** One-way latencies in ms of {@code count} records sent one at a time with the producer's {@code linger.ms}. */
    static Stats run(KafkaBroker broker, int count, int lingerMs) throws Exception {
        broker.createTopics(List.of(TOPIC), 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Double> ms = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            for (int i = 0; i < count + 20; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, new byte[100]));
                int got = 0;
                while (got == 0) {
                    got = consumer.poll(Duration.ofSeconds(1)).count();
                }
                if (i >= 20) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return Stats.of(ms);
    }
}
