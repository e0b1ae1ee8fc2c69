package io.braid.stage;

import io.braid.common.wire.Hop;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Sends hops to whatever topic each names, through the {@code braid-out} channel. The returned
 * stage completes only when the broker acknowledged every record (never fire and forget), so the
 * caller acks its input after its outputs are safe.
 */
@ApplicationScoped
public class HopSender {
    private final MutinyEmitter<byte[]> out;

    @Inject
    public HopSender(@Channel("braid-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
                     MutinyEmitter<byte[]> out) {
        this.out = out;
    }

    public CompletionStage<Void> send(List<Hop> hops) {
        if (hops.isEmpty()) {
            return Uni.createFrom().voidItem().subscribeAsCompletionStage();
        }
        List<Uni<Void>> sends = hops.stream().map(this::sendOne).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribeAsCompletionStage();
    }

    private Uni<Void> sendOne(Hop hop) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : hop.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(hop.topic()).withKey(hop.key()).withHeaders(headers).build();
        return out.sendMessage(Message.of(hop.value()).addMetadata(meta));
    }
}
