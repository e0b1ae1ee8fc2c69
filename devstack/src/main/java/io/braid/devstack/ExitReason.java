package io.braid.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Says why a service process ended, from its exit status and the end of its log, for {@code ./braid status}. */
public final class ExitReason {
    /** The exit status of a JVM that {@code -XX:+ExitOnOutOfMemoryError} ended. */
    static final int OUT_OF_MEMORY_STATUS = 3;
    private static final int MAX_TAIL_BYTES = 64 * 1024;

    private ExitReason() {
    }

    /**
     * E.g. {@code killed by SIGKILL}, {@code OutOfMemoryError (exit status 3)} or {@code exited with status 1}.
     *
     * @param status  the exit status; 128 + n for a process that signal n ended
     * @param logTail the last lines of its log; may be empty
     */
    public static String describe(int status, String logTail) {
        if (logTail.contains("java.lang.OutOfMemoryError")) {
            return "OutOfMemoryError (exit status " + status + ")";
        }
        if (status > 128 && status < 128 + 65) {
            return "killed by " + signalName(status - 128);
        }
        return "exited with status " + status;
    }

    /** As {@link #describe(int, String)}, reading what the process wrote to {@code logFile} after {@code offset}. */
    static String of(int status, Path logFile, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(offset, file.length() - MAX_TAIL_BYTES);
            byte[] tail = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            return describe(status, new String(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return describe(status, "");
        }
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
