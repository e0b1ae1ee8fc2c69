package io.braid.dispatcher.join;

/** Why a job was joined. */
public enum JoinReason {
    /** Every item was decided by its outcomes. */
    COMPLETE,
    /** The deadline passed first; a timer joined it. */
    DEADLINE,
    /** The client cancelled it. */
    CANCELLED;

    public static JoinReason parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
