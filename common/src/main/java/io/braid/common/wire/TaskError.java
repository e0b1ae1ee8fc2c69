package io.braid.common.wire;

/**
 * An error as a value: it travels with the outcome to the fan-in and on to the client.
 *
 * @param code      what kind of failure
 * @param message   what went wrong, for a human
 * @param stage     the stage that reported it
 * @param retryable whether a retry can help
 */
public record TaskError(ErrorCode code, String message, String stage, boolean retryable) {

    public static TaskError of(ErrorCode code, String stage, String message) {
        return new TaskError(code, message, stage, code.retryable());
    }
}
