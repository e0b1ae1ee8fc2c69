package io.braid.common.progress;

import java.util.Collection;
import java.util.Map;

/**
 * The time left until a job's last unfinished cell is joined, from the stage each cell is in and how
 * long cells of its branch stay in each stage at the moment ({@link StageDurations}): a cell needs the
 * rest of its current stage's typical time (at least nothing) plus the typical time of every later stage
 * of its branch. The cells move in parallel, so the job needs as long as its slowest cell, and at least
 * as long as the pipeline, at its observed service rate (items finished per second while busy), takes to
 * finish the job's items left; never past the job's deadline, where the join ends it anyway.
 */
public final class Eta {
    private Eta() {
    }

    /** A cell still running: its branch and marks. */
    public record Cell(String branch, CellMarks marks) {
    }

    /**
     * Milliseconds left, or -1 when unknown (neither a duration observed for a stage a running cell still has
     * to pass, nor a rate). {@code durations} maps {@link StageDurations#key} to milliseconds; {@code itemsLeft}
     * at {@code itemsPerSecond} (ignored when not positive) is a lower bound.
     */
    public static long remaining(Collection<Cell> running, long itemsLeft, double itemsPerSecond,
                                 Map<String, Long> durations, long now, long deadline) {
        long slowest = 0;
        boolean known = running.isEmpty();
        if (itemsPerSecond > 0 && itemsLeft > 0) {
            slowest = (long) Math.ceil(itemsLeft * 1000.0 / itemsPerSecond);
            known = true;
        }
        for (Cell c : running) {
            Stage current = c.marks().current();
            if (current == Stage.JOINED) {
                continue;
            }
            long left = 0;
            boolean any = false;
            for (Stage s : Stage.values()) {
                if (s.ordinal() < current.ordinal() || s == Stage.JOINED) {
                    continue;
                }
                Long typical = durations.get(StageDurations.key(c.branch(), s));
                if (typical == null) {
                    continue;
                }
                any = true;
                left += s == current ? Math.max(0, typical - (now - c.marks().since())) : typical;
            }
            known |= any;
            slowest = Math.max(slowest, left);
        }
        if (!known) {
            return -1;
        }
        return Math.max(0, Math.min(slowest, deadline - now));
    }
}
