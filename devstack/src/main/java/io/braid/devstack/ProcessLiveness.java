package io.braid.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process runs; a zombie (ended, not yet reaped) does not. */
public final class ProcessLiveness {
    private ProcessLiveness() {
    }

    /** True when process {@code pid} exists and, where {@code /proc} tells, is not a zombie. */
    public static boolean isRunning(long pid) {
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String line = Files.readString(stat);
            // "pid (comm) S ...": the command name may hold spaces and parentheses, the state follows the last ')'
            String afterName = line.substring(line.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return !Files.isDirectory(Path.of("/proc")) && ProcessHandle.of(pid).isPresent();
        }
    }
}
