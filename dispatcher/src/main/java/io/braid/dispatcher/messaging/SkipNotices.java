package io.braid.dispatcher.messaging;

import io.braid.common.wire.Hop;
import io.braid.dispatcher.convoy.ConvoyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The skip notices for a job that ended with work still out, in the ids the stages know: a job that
 * travels alone gets {@code JOB_ENDED}; a convoy member gets {@code ITEM_DECIDED} for each of its seats
 * in the convoy (the stages only see the convoy id), so its remaining work is skipped without touching
 * the other members'.
 */
@ApplicationScoped
public class SkipNotices {
    private final ConvoyStore convoys;
    private final Clock clock;

    @Inject
    public SkipNotices(ConvoyStore convoys, Clock clock) {
        this.convoys = convoys;
        this.clock = clock;
    }

    /** Notices that skip all remaining work of a job. */
    public List<Hop> jobEnded(String jobId) {
        long expires = clock.millis() + ControlNotices.LIFETIME_MS;
        Optional<ConvoyStore.Seat> seat = convoys.seat(jobId);
        if (seat.isEmpty()) {
            return List.of(ControlNotices.jobEnded(jobId, expires));
        }
        return seatsDecided(seat.get().convoyId(), seat.get().offset(), seat.get().items(), expires);
    }

    /** {@code ITEM_DECIDED} for convoy items {@code offset .. offset + items - 1}. */
    static List<Hop> seatsDecided(String convoyId, int offset, int items, long expires) {
        List<Hop> out = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            out.add(ControlNotices.itemDecided(convoyId, offset + i, expires));
        }
        return out;
    }
}
