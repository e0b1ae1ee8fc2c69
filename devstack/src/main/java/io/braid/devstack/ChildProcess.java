package io.braid.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OS process started by the stack that can never outlive the JVM that started it, even when that JVM
 * is killed with SIGKILL and no shutdown hook runs.
 *
 * <p>The command is started through {@code bash}: bash forks a watchdog, then {@code exec}s the command, so
 * {@link #pid()} is the command's own pid and signals reach it directly. Every second the watchdog checks
 * that both the launching JVM and the command are still alive; when the JVM is gone it sends the command
 * SIGTERM, then SIGKILL after {@link #WATCHDOG_GRACE}; when the command is gone it exits.
 * The command's stdout and stderr are appended to a log file.
 */
public final class ChildProcess {
    /** How long the watchdog lets an orphaned command shut down before it sends SIGKILL. */
    public static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);

    private static final String WATCHDOG = String.join("\n",
            "parent=$1; grace=$2; shift 2; me=$$",
            // a zombie still answers kill -0, so read its state where /proc exists
            "alive() { if [ -r /proc/$1/stat ]; then local s; read -r s < /proc/$1/stat || return 1;"
                    + " s=${s##*) }; [ \"${s%% *}\" != Z ]; else kill -0 \"$1\" 2>/dev/null; fi; }",
            "(",
            "  trap '' INT TERM HUP",
            "  while alive \"$parent\" && alive \"$me\"; do sleep 1; done",
            "  alive \"$me\" || exit 0",
            "  kill -TERM \"$me\" 2>/dev/null",
            "  i=0; while [ $i -lt \"$grace\" ] && alive \"$me\"; do sleep 1; i=$((i+1)); done",
            "  alive \"$me\" && kill -KILL \"$me\" 2>/dev/null",
            "  exit 0",
            ") </dev/null >/dev/null 2>&1 &",
            "exec \"$@\"");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} under a watchdog bound to this JVM.
     *
     * @param name      what the process is, for messages
     * @param command   program and arguments
     * @param env       variables added to this JVM's environment
     * @param directory working directory
     * @param logFile   receives stdout and stderr (appended; parent folders are created)
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path directory,
                                     Path logFile) {
        return start(name, command, env, directory, logFile, ProcessHandle.current().pid());
    }

    /** As {@link #start(String, List, Map, Path, Path)}, but bound to the life of process {@code ownerPid}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path directory,
                              Path logFile, long ownerPid) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "braid-watchdog",
                Long.toString(ownerPid), Long.toString(WATCHDOG_GRACE.toSeconds())));
        argv.addAll(command);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** The watchdog script, for tests and for shells that want the same guarantee. */
    static String watchdogScript() {
        return WATCHDOG;
    }

    /** What the process is. */
    public String name() {
        return name;
    }

    /** The command's pid. */
    public long pid() {
        return process.pid();
    }

    /** Whether the command still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file that receives the command's output. */
    public Path logFile() {
        return logFile;
    }

    /** The exit status, or -1 while the command runs. */
    public int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Sends SIGTERM without waiting; see {@link #awaitExit(Duration)}. */
    public void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the command to end; true when it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, then SIGKILL when the command has not ended after {@code grace}; returns when it has ended. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        requestStop();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** SIGKILL, as a crash would; returns when the command has ended. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
