package io.braid.dispatcher.messaging;

import io.braid.common.wire.ProgressMark;
import io.braid.common.wire.WireFormatException;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.convoy.Convoy;
import io.braid.dispatcher.convoy.ConvoyMembers;
import io.braid.dispatcher.convoy.ConvoyStore;
import io.braid.dispatcher.store.ProgressStore;
import io.braid.stage.HopSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code braid.progress}: writes each mark into the progress tree of its job (the items of a
 * convoy into the trees of its member jobs). A malformed mark is dropped with a warning and counted:
 * progress is reported, never needed, so it has no dead letter.
 */
@ApplicationScoped
public class ProgressConsumer {
    private static final Logger LOG = Logger.getLogger(ProgressConsumer.class);
    private final ProgressStore store;
    private final ConvoyStore convoys;
    private final Inbox inbox;
    private final Counter malformed;

    @Inject
    public ProgressConsumer(ProgressStore store, ConvoyStore convoys, HopSender sender, DispatcherConfig config,
                            MeterRegistry metrics) {
        this.store = store;
        this.convoys = convoys;
        this.inbox = new Inbox(config.dispatcher().concurrency(), sender);
        this.malformed = metrics.counter("braid_progress_marks_malformed");
    }

    @Incoming("progress")
    public CompletionStage<Void> onMark(Message<byte[]> msg) {
        return inbox.process(msg, m -> {
            apply(m.getPayload());
            return List.of();
        });
    }

    private void apply(byte[] payload) {
        ProgressMark mark;
        try {
            mark = ProgressMark.fromJson(payload);
        } catch (WireFormatException e) {
            malformed.increment();
            LOG.warnf("malformed progress mark dropped: %s", e.getMessage());
            return;
        }
        Map<String, List<String>> cells = new LinkedHashMap<>();
        if (Convoy.isConvoy(mark.jobId())) {
            Optional<ConvoyMembers> layout = convoys.layout(mark.jobId());
            if (layout.isEmpty()) {
                return;
            }
            for (int seat : mark.items()) {
                ConvoyMembers.Position at;
                try {
                    at = layout.get().at(seat);
                } catch (IllegalArgumentException e) {
                    malformed.increment();
                    LOG.warnf("progress mark of convoy %s names %s", mark.jobId(), e.getMessage());
                    continue;
                }
                for (String branch : mark.branches()) {
                    cells.computeIfAbsent(at.jobId(), j -> new ArrayList<>()).add(at.item() + ":" + branch);
                }
            }
        } else {
            for (int item : mark.items()) {
                for (String branch : mark.branches()) {
                    cells.computeIfAbsent(mark.jobId(), j -> new ArrayList<>()).add(item + ":" + branch);
                }
            }
        }
        cells.forEach((jobId, of) -> store.mark(jobId, mark.stage(), mark.at(), of));
    }
}
