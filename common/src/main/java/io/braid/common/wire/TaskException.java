package io.braid.common.wire;

/** Thrown by a stage's operator to report a typed error for the task at hand. */
public class TaskException extends RuntimeException {
    private final ErrorCode code;

    public TaskException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public TaskException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The error value to send to the fan-in. */
    public TaskError toError(String stage) {
        return TaskError.of(code, stage, getMessage());
    }
}
