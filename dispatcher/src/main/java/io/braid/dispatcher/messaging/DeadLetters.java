package io.braid.dispatcher.messaging;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.Topics;
import io.braid.stage.KafkaHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.HashMap;
import java.util.Map;

/** Builds dead-letter records for records the dispatcher cannot decode. */
@ApplicationScoped
public class DeadLetters {
    public Hop poison(Message<byte[]> msg, String stage, String reason) {
        Map<String, String> h = new HashMap<>(KafkaHeaders.of(msg));
        h.put(Headers.DLQ_STAGE, stage);
        h.put(Headers.DLQ_ERROR, ErrorCode.POISON_RECORD.name());
        h.put(Headers.DLQ_MESSAGE, reason == null ? "" : reason);
        h.put(Headers.DLQ_TOPIC, KafkaHeaders.topic(msg));
        h.putIfAbsent(Headers.ATTEMPT, "1");
        byte[] value = msg.getPayload() == null ? new byte[0] : msg.getPayload();
        return new Hop(Topics.DEAD_LETTER, h.get(Headers.JOB_ID), h, value);
    }
}
