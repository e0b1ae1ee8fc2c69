package io.braid.stage;

import io.braid.common.wire.ControlMessage;
import io.braid.common.wire.WireFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;


/**
 * Reads the dispatcher's skip notices from {@code braid.control}. Every stage instance reads all
 * of them (its own consumer group), so work for a job that ended, or an item already decided, is
 * dropped before it is done. Missing a notice only costs wasted work: the fan-in ignores late outcomes.
 */
@ApplicationScoped
public class SkipNoticeListener {
    private static final Logger LOG = Logger.getLogger(SkipNoticeListener.class);
    private final SkipList skips;

    @Inject
    public SkipNoticeListener(SkipList skips) {
        this.skips = skips;
    }

    @Incoming("skip-notices")
    public void onNotice(byte[] value) {
        try {
            ControlMessage m = ControlMessage.fromJson(value);
            switch (m.type()) {
                case JOB_ENDED -> skips.jobEnded(m.jobId(), m.expiresAt());
                case ITEM_DECIDED -> skips.itemDecided(m.jobId(), m.item(), m.expiresAt());
                case CANCEL -> { }
            }
        } catch (WireFormatException e) {
            LOG.debugf("ignoring undecodable control message: %s", e.getMessage());
        }
    }
}
