package io.braid.common.wire;

/** How one branch of one item ended. */
public enum OutcomeStatus {
    OK, ERROR, TIMEOUT, CANCELLED, SKIPPED;

    /** Lower-case name used in the public API. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
