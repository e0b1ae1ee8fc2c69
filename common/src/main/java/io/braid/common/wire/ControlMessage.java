package io.braid.common.wire;

/**
 * A message on {@link Topics#CONTROL}, keyed by job id.
 *
 * @param type      what happened
 * @param jobId     the job
 * @param item      the item, for {@link Type#ITEM_DECIDED}; -1 otherwise
 * @param expiresAt epoch ms after which the notice no longer matters (the job's deadline)
 */
public record ControlMessage(Type type, String jobId, int item, long expiresAt) {

    /** Kinds of control messages. */
    public enum Type {
        /** A client asked to cancel the job (gateway → dispatcher). */
        CANCEL,
        /** The job was joined (completed, expired or cancelled): skip all its remaining work. */
        JOB_ENDED,
        /** One item was decided early (quorum, first, failures exceeded): skip its remaining branches. */
        ITEM_DECIDED
    }

    public static ControlMessage cancel(String jobId, long expiresAt) {
        return new ControlMessage(Type.CANCEL, jobId, -1, expiresAt);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static ControlMessage fromJson(byte[] json) {
        ControlMessage m = Json.read(json, ControlMessage.class);
        if (m.type() == null || m.jobId() == null) {
            throw new WireFormatException("control message lacks type or jobId");
        }
        return m;
    }
}
