package io.braid.dispatcher.messaging;

import io.braid.common.wire.ControlMessage;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.Topics;

import java.util.Map;

/** The "skip this work" notices the dispatcher broadcasts to every stage instance on {@code braid.control}. */
public final class ControlNotices {
    /** How long stages remember a skip notice; beyond the longest deadline it no longer matters. */
    public static final long LIFETIME_MS = 600_000;

    private ControlNotices() {
    }

    /** The job was joined: every stage may drop its remaining tasks. */
    public static Hop jobEnded(String jobId, long expiresAt) {
        return hop(new ControlMessage(ControlMessage.Type.JOB_ENDED, jobId, -1, expiresAt));
    }

    /** An item was decided before all its branches ended: its remaining branches may be skipped. */
    public static Hop itemDecided(String jobId, int item, long expiresAt) {
        return hop(new ControlMessage(ControlMessage.Type.ITEM_DECIDED, jobId, item, expiresAt));
    }

    private static Hop hop(ControlMessage m) {
        return new Hop(Topics.CONTROL, m.jobId(), Map.of(Headers.JOB_ID, m.jobId()), m.toJson());
    }
}
