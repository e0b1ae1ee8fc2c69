package io.braid.gateway.testing;

import io.braid.common.wire.ControlMessage;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;

/** What the gateway sent on its Kafka channels (the in-memory connector stands in for the broker). */
public final class Sinks {
    private Sinks() {
    }

    /** Records on {@code braid.jobs} keyed by {@code jobId}, as sent so far. */
    public static List<Message<byte[]>> jobRecords(InMemoryConnector connector, String jobId) {
        return connector.<byte[]>sink("jobs").received().stream()
                .filter(m -> jobId.equals(key(m)))
                .<Message<byte[]>>map(m -> m)
                .toList();
    }

    /** The record of {@code jobId} on {@code braid.jobs}, once it is there. */
    public static Message<byte[]> jobRecord(InMemoryConnector connector, String jobId) {
        return Eventually.get("the record of job " + jobId + " on braid.jobs",
                () -> jobRecords(connector, jobId).stream().findFirst());
    }

    /** The control messages about {@code jobId} sent so far. */
    public static List<ControlMessage> controlMessages(InMemoryConnector connector, String jobId) {
        return connector.<byte[]>sink("control").received().stream()
                .filter(m -> jobId.equals(key(m)))
                .map(m -> ControlMessage.fromJson(m.getPayload()))
                .toList();
    }

    /** The Kafka key the record was sent with. */
    public static Object key(Message<?> m) {
        Optional<OutgoingKafkaRecordMetadata> meta = m.getMetadata(OutgoingKafkaRecordMetadata.class);
        return meta.map(OutgoingKafkaRecordMetadata::getKey).orElse(null);
    }
}
