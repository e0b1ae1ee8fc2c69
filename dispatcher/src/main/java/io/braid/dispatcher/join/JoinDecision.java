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
