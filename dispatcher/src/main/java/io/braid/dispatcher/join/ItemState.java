package io.braid.dispatcher.join;

/** Where one input item stands in the join. */
public enum ItemState {
    /** Not decided yet. */
    PENDING,
    /** Decided with every reported branch successful (or the needed successes reached). */
    SUCCEEDED,
    /** Every branch ended; some failed, within the tolerated number. */
    DEGRADED,
    /** More branches failed than tolerated, or the needed successes became unreachable. */
    FAILED;

    public boolean decided() {
        return this != PENDING;
    }
}
