package io.braid.devstack.cli;

import java.util.Map;

/**
 * The CLI's exit statuses. A command that shows a job ({@code submit --wait}/{@code --follow}, {@code get},
 * {@code watch}) exits with its job's status: 0 only when it SUCCEEDED.
 */
public final class ExitCode {
    /** The command did what was asked; a shown job SUCCEEDED. */
    public static final int OK = 0;
    /** The gateway could not be reached, or another error outside the gateway's answers. */
    public static final int ERROR = 1;
    /** Bad command line: unknown command or option, a missing argument, an unreadable file, no gateway URL. */
    public static final int USAGE = 2;
    /** The gateway answered an HTTP error (4xx or 5xx); its problem detail is printed to stderr. */
    public static final int HTTP = 3;
    /** The job has not finished (yet): QUEUED or RUNNING when {@code get} looked or the wait ran out. */
    public static final int NOT_FINISHED = 4;
    /** The job ended PARTIAL. */
    public static final int PARTIAL = 10;
    /** The job ended FAILED. */
    public static final int FAILED = 11;
    /** The job ended EXPIRED. */
    public static final int EXPIRED = 12;
    /** The job ended CANCELLED. */
    public static final int CANCELLED = 13;

    private static final Map<String, Integer> BY_STATUS = Map.of("SUCCEEDED", OK, "PARTIAL", PARTIAL,
            "FAILED", FAILED, "EXPIRED", EXPIRED, "CANCELLED", CANCELLED);

    private ExitCode() {
    }

    /** The exit status for a job in {@code status}. */
    public static int of(String status) {
        return BY_STATUS.getOrDefault(status, NOT_FINISHED);
    }

    /** Whether a job in {@code status} never changes again. */
    public static boolean terminal(String status) {
        return BY_STATUS.containsKey(status);
    }
}
