package io.braid.dispatcher.join;

import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.common.wire.JobStatus;

import java.util.Collection;

/**
 * The join decision in plain Java: when an item is decided, and which status a job ends with.
 * The fan-in store's Lua script applies the same item rule atomically; a test holds the two equal.
 */
public final class JoinDecision {
    private JoinDecision() {
    }

    /**
     * The state of one item after {@code ok} successful and {@code failed} unsuccessful branch
     * outcomes (error, timeout, cancelled and skipped all count as unsuccessful). A failure beyond
     * the tolerance decides the item at once; so do the needed successes.
     */
    public static ItemState item(JoinRule rule, int ok, int failed) {
        if (failed > rule.tolerate()) {
            return ItemState.FAILED;
        }
        if (ok >= rule.need()) {
            return ItemState.SUCCEEDED;
        }
        if (ok + failed >= rule.branches()) {
            return ItemState.DEGRADED;
        }
        return ItemState.PENDING;
    }

    /** Where a pipeline's synthesis call runs: none, once per item after its join, or once per job (after a plan). */
    public enum Synthesis {
        NONE, ITEM, JOB;

        /** The value of the job hash's {@code synth} field ({@code ""} for none). */
        public String field() {
            return this == NONE ? "" : name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Synthesis of(io.braid.common.pipeline.PipelineDefinition p) {
            return p.synthesis() == null ? NONE : p.plan() != null ? JOB : ITEM;
        }
    }

    /**
     * Whether an item just decided with {@code ok} successful branches waits for its synthesis before it counts as
     * decided for the job (record.lua answers {@code synthesize}): only with a per-item synthesis and some branch
     * output to merge.
     */
    public static boolean synthesizeItem(Synthesis synthesis, int ok) {
        return synthesis == Synthesis.ITEM && ok > 0;
    }

    /**
     * Whether a job whose items are all decided, {@code okItems} of them with some successful branch, runs its
     * job-level synthesis before it joins (record.lua answers {@code synthesize} instead of {@code join}).
     */
    public static boolean synthesizeJob(Synthesis synthesis, int okItems) {
        return synthesis == Synthesis.JOB && okItems > 0;
    }

    /**
     * The state of an item that was still pending when its job's deadline passed: what arrived is
     * kept if any branch succeeded.
     */
    public static ItemState atDeadline(ItemState state, int ok) {
        if (state.decided()) {
            return state;
        }
        return ok > 0 ? ItemState.DEGRADED : ItemState.FAILED;
    }

    /**
     * The terminal status of a job.
     *
     * @param items         every item's state, pending items already resolved with {@link #atDeadline}
     * @param deadline      true when the deadline decided the job: it joined because the deadline
     *                      passed, or some of its branches reported a timeout
     * @param pendingAtJoin true when some item was still pending at the deadline
     * @param onTimeout     what a deadline join produces
     */
    public static JobStatus job(Collection<ItemState> items, boolean deadline, boolean pendingAtJoin,
                                OnTimeout onTimeout) {
        if (deadline && pendingAtJoin && onTimeout == OnTimeout.FAIL) {
            return JobStatus.EXPIRED;
        }
        if (items.stream().allMatch(s -> s == ItemState.SUCCEEDED)) {
            return JobStatus.SUCCEEDED;
        }
        if (items.stream().allMatch(s -> s == ItemState.FAILED)) {
            return deadline ? JobStatus.EXPIRED : JobStatus.FAILED;
        }
        return JobStatus.PARTIAL;
    }
}
