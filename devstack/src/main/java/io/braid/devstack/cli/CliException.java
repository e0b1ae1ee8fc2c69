package io.braid.devstack.cli;

/** A failure the CLI reports as one line on stderr and an exit status. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    /** A failure with {@code exitCode} (see {@link ExitCode}). */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage error. */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    /** The exit status. */
    public int exitCode() {
        return exitCode;
    }
}
