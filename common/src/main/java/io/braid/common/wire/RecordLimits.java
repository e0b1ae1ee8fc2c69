package io.braid.common.wire;

/**
 * The one size limit of every Kafka record Braid writes, {@code braid.max-record-bytes}: the
 * producers' {@code max.request.size}, the topics' {@code max.message.bytes} and the consumers'
 * {@code max.partition.fetch.bytes} are set from it, and the gateway derives from it what it accepts,
 * so no accepted job can become a record that Kafka refuses.
 *
 * <p>A record's value may use the limit less {@link #HEADER_RESERVE} (key, headers such as the routing
 * slip, timings and dead-letter details, and the batch framing).
 */
public final class RecordLimits {
    /** The setting's name. */
    public static final String SETTING = "braid.max-record-bytes";
    /** Its default: 8 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;
    /** Room kept for the key, the headers and Kafka's record and batch framing. */
    public static final int HEADER_RESERVE = 64 * 1024;
    /** Room for JSON around the base64 images of a request body (ids, field names, whitespace). */
    static final int JSON_ALLOWANCE = 256 * 1024;

    private RecordLimits() {
    }

    /** The smallest limit that leaves a useful value. */
    public static int minimum() {
        return 2 * HEADER_RESERVE;
    }

    /** The largest record value under this limit. */
    public static int maxValueBytes(int maxRecordBytes) {
        check(maxRecordBytes);
        return maxRecordBytes - HEADER_RESERVE;
    }

    /**
     * The largest request body the gateway reads: the largest value as base64 (4 characters per 3
     * bytes) plus room for the JSON around it. A body within it may still be refused once decoded,
     * when the job's record would exceed {@link #maxValueBytes}.
     */
    public static long maxBodyBytes(int maxRecordBytes) {
        return (maxValueBytes(maxRecordBytes) + 2L) / 3 * 4 + JSON_ALLOWANCE;
    }

    /** Refuses a limit below {@link #minimum()}, naming the setting. */
    public static int check(int maxRecordBytes) {
        if (maxRecordBytes < minimum()) {
            throw new IllegalArgumentException(SETTING + " is " + maxRecordBytes + "; it must be at least " + minimum()
                    + " (" + HEADER_RESERVE + " bytes are kept for keys and headers)");
        }
        return maxRecordBytes;
    }
}
