package io.braid.dispatcher.messaging;

import io.braid.common.wire.DeadLetterPayload;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.Topics;
import io.braid.stage.KafkaHeaders;
import io.braid.stage.StageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds dead-letter records for records the dispatcher cannot decode; the payload is kept up to
 * {@code braid.dead-letter-max-bytes} (cut beyond, its original size in {@code braid-dlq-original-bytes}).
 */
@ApplicationScoped
public class DeadLetters {
    private final int maxBytes;

    @Inject
    public DeadLetters(StageConfig config) {
        this.maxBytes = config.deadLetterMaxBytes();
    }

    public Hop poison(Message<byte[]> msg, String stage, String reason) {
        Map<String, String> h = new HashMap<>(KafkaHeaders.of(msg));
        h.put(Headers.DLQ_STAGE, stage);
        h.put(Headers.DLQ_ERROR, ErrorCode.POISON_RECORD.name());
        h.put(Headers.DLQ_MESSAGE, DeadLetterPayload.message(reason));
        h.put(Headers.DLQ_TOPIC, KafkaHeaders.topic(msg));
        h.putIfAbsent(Headers.ATTEMPT, "1");
        byte[] value = DeadLetterPayload.bound(msg.getPayload(), maxBytes, h);
        return new Hop(Topics.DEAD_LETTER, h.get(Headers.JOB_ID), h, value);
    }
}
