package io.braid.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One service of the stack, run as {@code java -jar <module>/target/quarkus-app/quarkus-run.jar} in a
 * {@link ChildProcess}. Tests use {@link #kill()}, {@link #stop()}, {@link #start()} and
 * {@link #restart(Duration)} to play crashes and restarts.
 */
public final class ServiceProcess {
    /** How long a stopped service may shut down before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** As {@link #STOP_GRACE} for a process that writes its class-data archive at exit (first start only). */
    static final Duration ARCHIVING_STOP_GRACE = Duration.ofSeconds(30);
    /** Lines of the log shown when a service does not come up. */
    public static final int LOG_LINES_ON_FAILURE = 40;
    /** How often a starting service's readiness is asked (a refused connection costs microseconds). */
    static final Duration READY_POLL = Duration.ofMillis(100);

    private final ServiceSpec spec;
    private final Path repoRoot;
    private final Path logFile;
    private final AppCds appCds;
    private volatile ChildProcess process;
    /** Whether the stack wants this process to run: set by {@link #start()}, cleared by a stop, kept by a crash. */
    private volatile boolean wanted;
    private volatile long startedNanos;
    private volatile long logOffset;
    private volatile int restarts;
    private volatile Exit lastExit;
    private Duration lastBackoff;
    private ChildProcess recordedExit;

    /**
     * How a process of this service ended.
     *
     * @param status the exit status
     * @param reason e.g. {@code killed by SIGKILL}
     * @param at     when the stack noticed
     * @param ran    how long it ran
     */
    public record Exit(int status, String reason, Instant at, Duration ran) {
    }

    /**
     * @param spec     what to run
     * @param repoRoot the repository, where the module folders are
     * @param logDir   the service writes to {@code <logDir>/<name>.log}
     */
    public ServiceProcess(ServiceSpec spec, Path repoRoot, Path logDir) {
        this(spec, repoRoot, logDir, null);
    }

    /**
     * As {@link #ServiceProcess(ServiceSpec, Path, Path)}, with class-data archives (see {@link AppCds}) kept
     * in {@code cdsDir}; null runs without.
     */
    public ServiceProcess(ServiceSpec spec, Path repoRoot, Path logDir, Path cdsDir) {
        this.spec = spec;
        this.repoRoot = repoRoot;
        this.logFile = logDir.resolve(spec.name() + ".log");
        this.appCds = AppCds.of(cdsDir, spec, repoRoot);
    }

    /** Launches the process (a no-op when it runs); does not wait for readiness. */
    public synchronized void start() {
        wanted = true;
        if (process != null && process.isAlive()) {
            return;
        }
        archiveAfterExit();
        Path jar = spec.runnerJar(repoRoot);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(spec.name() + ": " + jar + " does not exist; build it first with "
                    + "./mvnw install -DskipTests (./braid up does this)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        if (appCds != null) {
            command.addAll(appCds.jvmOptions());
        }
        command.add("-jar");
        command.add(jar.toString());
        logOffset = logSize();
        startedNanos = System.nanoTime();
        process = ChildProcess.start(spec.name(), command, spec.env(), repoRoot, logFile);
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /**
     * Called by the {@link Supervisor}: when the stack wants this service to run and its process has ended,
     * records how it ended and returns the wait before it should be restarted; otherwise null.
     */
    synchronized Duration exitedUnexpectedly(RestartBackoff backoff) {
        ChildProcess ended = process;
        if (!wanted || ended == null || ended.isAlive() || ended == recordedExit) {
            return null;
        }
        recordedExit = ended;
        Duration ran = Duration.ofNanos(System.nanoTime() - startedNanos);
        int status = ended.exitStatus();
        lastExit = new Exit(status, ExitReason.of(status, logFile, logOffset), Instant.now(), ran);
        lastBackoff = backoff.next(lastBackoff, ran);
        return lastBackoff;
    }

    /** Called by the {@link Supervisor} when the wait is over: starts the process again if it is still wanted. */
    synchronized boolean restartIfWanted() {
        if (!wanted || (process != null && process.isAlive())) {
            return false;
        }
        start();
        restarts++;
        return true;
    }

    /** How often the stack restarted this service after its process ended on its own (or was killed). */
    public int restarts() {
        return restarts;
    }

    /** How the last process that ended on its own (or was killed) ended; null when none has. */
    public Exit lastExit() {
        return lastExit;
    }

    /**
     * Waits until the service answers 200 on {@code /q/health/ready} of its management interface.
     *
     * @throws IllegalStateException when the process exits or the timeout passes first; the message
     *                               holds the last {@value #LOG_LINES_ON_FAILURE} lines of its log
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ChildProcess current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited" + (current == null ? ""
                        : " with status " + current.exitStatus()) + " before it was ready; " + logEnding());
            }
            if (HealthProbe.isReady(spec.managementUrl())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.name() + " was not ready on " + spec.managementUrl()
                        + HealthProbe.READY_PATH + " within " + timeout.toSeconds() + " s; " + logEnding());
            }
            try {
                Thread.sleep(READY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
        }
    }

    private String logEnding() {
        return "the last " + LOG_LINES_ON_FAILURE + " lines of " + logFile + ":\n"
                + LogTail.of(logFile, LOG_LINES_ON_FAILURE);
    }

    /** Whether the process runs and answers 200 on its readiness check now. */
    public boolean isReady() {
        return isAlive() && HealthProbe.isReady(spec.managementUrl());
    }

    /** Whether the process runs. */
    public boolean isAlive() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    /** SIGKILL, as a crash would; returns when the process is gone. A supervised stack restarts it. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            archiveAfterExit();
        }
    }

    /** SIGTERM (a graceful Quarkus shutdown), then SIGKILL after {@link #STOP_GRACE}. */
    public synchronized void stop() {
        wanted = false;
        if (process != null) {
            process.stop(appCds != null && appCds.writing() ? ARCHIVING_STOP_GRACE : STOP_GRACE);
            archiveAfterExit();
        }
    }

    /** Keeps or drops the class-data archive the ended process wrote (its first start only). */
    private void archiveAfterExit() {
        ChildProcess ended = process;
        if (appCds != null && ended != null && !ended.isAlive()) {
            appCds.processEnded(ended.exitStatus());
        }
    }

    /** Sends SIGTERM without waiting, so that many services can stop at once. */
    synchronized void requestStop() {
        wanted = false;
        if (process != null && process.isAlive()) {
            process.requestStop();
        }
    }

    /** {@link #stop()}, {@link #start()}, then {@link #awaitReady(Duration)}. */
    public void restart(Duration readyTimeout) {
        stop();
        start();
        awaitReady(readyTimeout);
    }

    /** The service's name in the stack. */
    public String name() {
        return spec.name();
    }

    /** What this service runs. */
    public ServiceSpec spec() {
        return spec;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return spec.baseUrl();
    }

    /**
     * {@code http://127.0.0.1:<management port>}: the management interface, where {@code /q/health} and
     * {@code /q/metrics} are (not on {@link #url()}).
     */
    public String managementUrl() {
        return spec.managementUrl();
    }

    /** The HTTP port. */
    public int port() {
        return spec.port();
    }

    /** The pid of the running process, or -1 when none runs. */
    public long pid() {
        ChildProcess current = process;
        return current != null && current.isAlive() ? current.pid() : -1;
    }

    /** The service's log file. */
    public Path logFile() {
        return logFile;
    }

    /** The running process, or null before the first start. */
    ChildProcess process() {
        return process;
    }
}
