package io.braid.common.wire;

/** Job lifecycle. Terminal statuses never change again. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, EXPIRED, CANCELLED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
