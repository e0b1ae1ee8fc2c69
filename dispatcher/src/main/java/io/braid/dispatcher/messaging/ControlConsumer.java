package io.braid.dispatcher.messaging;

import io.braid.common.wire.ControlMessage;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.WireFormatException;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.store.FanInStore;
import io.braid.stage.HopSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes cancellation requests from {@code braid.control}: claims the job's join with reason
 * {@code cancelled}, writes it CANCELLED with what had arrived, and tells every stage to skip its
 * remaining work. A job that already ended is left as it is.
 */
@ApplicationScoped
public class ControlConsumer {
    private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

    private final FanInStore store;
    private final Joiner joiner;
    private final SkipNotices notices;
    private final Clock clock;
    private final Inbox inbox;
    private final long leaseMs;

    @Inject
    public ControlConsumer(FanInStore store, Joiner joiner, HopSender sender, Clock clock, DispatcherConfig config,
            SkipNotices notices) {
        this.notices = notices;
        this.store = store;
        this.joiner = joiner;
        this.clock = clock;
        this.inbox = new Inbox(1, sender);
        this.leaseMs = config.dispatcher().joinLease().toMillis();
    }

    @Incoming("cancellations")
    public CompletionStage<Void> onControl(Message<byte[]> msg) {
        return inbox.process(msg, this::handle);
    }

    private List<Hop> handle(Message<byte[]> msg) {
        ControlMessage m;
        try {
            m = ControlMessage.fromJson(msg.getPayload());
        } catch (WireFormatException e) {
            LOG.warnf("ignoring undecodable control message: %s", e.getMessage());
            return List.of();
        }
        if (m.type() != ControlMessage.Type.CANCEL) {
            return List.of();
        }
        if (!store.claim(m.jobId(), "cancelled", clock.millis(), leaseMs)) {
            return List.of();
        }
        JobStatus status = joiner.join(m.jobId());
        LOG.infof("job %s cancelled (%s)", m.jobId(), status);
        return notices.jobEnded(m.jobId());
    }
}
