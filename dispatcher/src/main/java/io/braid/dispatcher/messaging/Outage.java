package io.braid.dispatcher.messaging;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of Redis or the broker being away (down, restarting, loading its AOF, a cluster
 * slot moving, a connection dropped, a call timing out) from a failure of the record itself. Plain Java.
 */
final class Outage {
    private static final String[] SIGNS = {"connection", "closed", "refused", "reset by peer", "timed out", "timeout",
        "loading", "clusterdown", "tryagain", "masterdown", "readonly", "moved", "ask ", "unavailable",
        "pool is busy", "too busy"};

    private Outage() {
    }

    /** True when {@code t} or one of its causes says a dependency is unreachable rather than the record bad. */
    static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof TimeoutException
                    || c instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            String name = c.getClass().getName().toLowerCase(Locale.ROOT);
            if (name.contains("connect") || name.contains("closedchannel") || name.contains("toobusy")) {
                return true;
            }
            String message = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            for (String sign : SIGNS) {
                if (message.contains(sign)) {
                    return true;
                }
            }
        }
        return false;
    }
}
