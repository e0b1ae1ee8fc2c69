package io.braid.stage;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Jobs and items whose remaining work a stage may skip: the job ended (joined, expired, cancelled)
 * or the item was decided early. Entries are forgotten when they expire, so the list stays small.
 */
public final class SkipList {
    /** Why a task may be skipped. */
    public enum Reason { JOB_ENDED, ITEM_DECIDED }

    private final Map<String, Long> endedJobs = new ConcurrentHashMap<>();
    private final Map<String, Long> decidedItems = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private long lastSweep;

    public SkipList(LongSupplier epochMillis) {
        this.clock = epochMillis;
    }

    public void jobEnded(String jobId, long expiresAt) {
        endedJobs.put(jobId, expiresAt);
        sweep();
    }

    public void itemDecided(String jobId, int item, long expiresAt) {
        decidedItems.put(jobId + "/" + item, expiresAt);
        sweep();
    }

    /** Why this task's work is no longer wanted, or null if it is. */
    public Reason reason(String jobId, int item) {
        if (endedJobs.containsKey(jobId)) {
            return Reason.JOB_ENDED;
        }
        return decidedItems.containsKey(jobId + "/" + item) ? Reason.ITEM_DECIDED : null;
    }

    /** Whether the job ended (every remaining task of it may be skipped). */
    public boolean ended(String jobId) {
        return endedJobs.containsKey(jobId);
    }

    public int size() {
        return endedJobs.size() + decidedItems.size();
    }

    private void sweep() {
        long now = clock.getAsLong();
        if (now - lastSweep < 1000) {
            return;
        }
        lastSweep = now;
        for (Map<String, Long> m : java.util.List.of(endedJobs, decidedItems)) {
            for (Iterator<Map.Entry<String, Long>> it = m.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue() <= now) {
                    it.remove();
                }
            }
        }
    }
}
