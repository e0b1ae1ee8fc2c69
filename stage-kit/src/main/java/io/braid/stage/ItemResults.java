package io.braid.stage;

import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.TaskException;

/**
 * What a stage made of each item of a task, in the task's item order: bytes for the next step, a
 * branch output (the last step), or a typed error that ends that item alone. An error that must end
 * (or retry) the whole task is a failed future instead.
 */
public final class ItemResults {
    private final Object[] results;

    public ItemResults(int items) {
        this.results = new Object[items];
    }

    /** The item continues to the next step with this value. */
    public ItemResults forward(int index, byte[] value) {
        results[index] = value;
        return this;
    }

    /** The item's branch ends here with this output. */
    public ItemResults output(int index, BranchOutput output) {
        results[index] = output;
        return this;
    }

    /** The item ends with this error; the task's other items go on. */
    public ItemResults fail(int index, TaskException error) {
        results[index] = error;
        return this;
    }

    public int size() {
        return results.length;
    }

    /** The result of one item: {@code byte[]}, {@link BranchOutput}, {@link TaskException}, or null if none was set. */
    Object get(int index) {
        return results[index];
    }
}
