package io.braid.stage;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads a consumed record's headers (last value wins) and origin. */
public final class KafkaHeaders {
    private KafkaHeaders() {
    }

    public static Map<String, String> of(Message<?> msg) {
        Map<String, String> out = new HashMap<>();
        msg.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> {
            for (Header h : m.getHeaders()) {
                if (h.value() != null) {
                    out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
            }
        });
        return out;
    }

    /** {@code topic/partition@offset}, for logs and dead letters. */
    public static String origin(Message<?> msg) {
        return msg.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset()).orElse("unknown");
    }

    /** The record's timestamp (its producer's send time), epoch ms; -1 when unknown. */
    public static long timestamp(Message<?> msg) {
        return msg.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTimestamp() == null ? -1L : m.getTimestamp().toEpochMilli()).orElse(-1L);
    }

    public static String topic(Message<?> msg) {
        return msg.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("");
    }
}
