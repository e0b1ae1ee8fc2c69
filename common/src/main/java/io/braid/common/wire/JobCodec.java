package io.braid.common.wire;

import io.braid.common.pipeline.JoinOverride;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of a {@link JobRequest}: item bytes travel raw, not as base64 inside JSON.
 * <pre>
 * magic "BJOB" | u8 version=1 | str jobId | str pipeline | i64 deadline | i32 priority | i64 submittedAt
 * | str join override (JSON, empty for none) | i32 itemCount | itemCount × (str id | str contentType | i32 length | bytes)
 * </pre>
 * {@code str} is an i32 byte length followed by UTF-8; integers are little-endian.
 */
public final class JobCodec {
    private static final int MAGIC = 0x424A4F42; // "BJOB" read as big-endian int
    private static final byte VERSION = 1;

    private JobCodec() {
    }

    /** The bytes {@link #encode} makes of this job, without encoding it. */
    public static long encodedSize(JobRequest job) {
        String join = job.join() == null ? "" : Json.writeString(job.join());
        long size = 4 + 1 + strSize(job.jobId()) + strSize(job.pipeline()) + 8 + 4 + 8 + strSize(join) + 4;
        for (JobItem item : job.items()) {
            size += strSize(item.id()) + strSize(item.contentType()) + 4L + item.data().length;
        }
        return size;
    }

    public static byte[] encode(JobRequest job) {
        String join = job.join() == null ? "" : Json.writeString(job.join());
        long size = encodedSize(job);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("job record of " + size + " bytes is too large to encode");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(VERSION);
        putStr(buf, job.jobId());
        putStr(buf, job.pipeline());
        buf.putLong(job.deadlineEpochMs()).putInt(job.priority()).putLong(job.submittedAtMs());
        putStr(buf, join);
        buf.putInt(job.items().size());
        for (JobItem item : job.items()) {
            putStr(buf, item.id());
            putStr(buf, item.contentType());
            buf.putInt(item.data().length).put(item.data());
        }
        return buf.array();
    }

    /** Decodes a job; any truncation or bad field is a {@link WireFormatException}. */
    public static JobRequest decode(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            if (buf.getInt() != MAGIC) {
                throw new WireFormatException("not a Braid job record (bad magic)");
            }
            buf.order(ByteOrder.LITTLE_ENDIAN);
            byte version = buf.get();
            if (version != VERSION) {
                throw new WireFormatException("unsupported job record version " + version);
            }
            String jobId = getStr(buf);
            String pipeline = getStr(buf);
            long deadline = buf.getLong();
            int priority = buf.getInt();
            long submitted = buf.getLong();
            String joinJson = getStr(buf);
            JoinOverride join = joinJson.isEmpty() ? null : Json.read(joinJson, JoinOverride.class);
            int count = buf.getInt();
            if (count < 0 || count > buf.remaining()) {
                throw new WireFormatException("bad item count " + count);
            }
            List<JobItem> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = getStr(buf);
                String type = getStr(buf);
                items.add(new JobItem(id, type, getBytes(buf)));
            }
            if (buf.hasRemaining()) {
                throw new WireFormatException(buf.remaining() + " trailing bytes after job record");
            }
            return new JobRequest(jobId, pipeline, items, deadline, priority, submitted, join);
        } catch (java.nio.BufferUnderflowException e) {
            throw new WireFormatException("truncated job record", e);
        }
    }

    private static int strSize(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putStr(ByteBuffer buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.putInt(b.length).put(b);
    }

    private static String getStr(ByteBuffer buf) {
        return new String(getBytes(buf), StandardCharsets.UTF_8);
    }

    private static byte[] getBytes(ByteBuffer buf) {
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
            throw new WireFormatException("bad field length " + len);
        }
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }
}
