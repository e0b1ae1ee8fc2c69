package io.braid.devstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Restarts the stack's services whose process ended while the stack wanted it to run (a crash, a kill -9,
 * an {@code OutOfMemoryError}), after a {@link RestartBackoff}, like a Kubernetes restart policy. A service
 * the stack stopped on purpose ({@link ServiceProcess#stop()}) is left alone. Each restart is reported to the
 * progress sink and to {@code onChange} (which rewrites the state file for {@code ./braid status}).
 */
final class Supervisor implements AutoCloseable {
    /** How often the processes are looked at. */
    static final Duration CHECK_EVERY = Duration.ofMillis(200);

    private final Supplier<List<ServiceProcess>> services;
    private final RestartBackoff backoff;
    private final Consumer<String> progress;
    private final Runnable onChange;
    private final Map<ServiceProcess, Long> dueNanos = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Supervisor(Supplier<List<ServiceProcess>> services, RestartBackoff backoff, Consumer<String> progress,
               Runnable onChange) {
        this.services = services;
        this.backoff = backoff;
        this.progress = progress;
        this.onChange = onChange;
        this.thread = new Thread(this::loop, "braid-devstack-supervisor");
        this.thread.setDaemon(true);
    }

    Supervisor start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                checkOnce(System.nanoTime());
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                progress.accept("supervisor: " + e.getMessage());
            }
        }
    }

    /** Records the processes that ended and restarts those whose wait is over. */
    void checkOnce(long nowNanos) {
        for (ServiceProcess service : services.get()) {
            Duration wait = service.exitedUnexpectedly(backoff);
            if (wait != null) {
                dueNanos.put(service, nowNanos + wait.toNanos());
                ServiceProcess.Exit exit = service.lastExit();
                progress.accept(String.format("%s %s after %.1f s; restarting in %d s", service.name(), exit.reason(),
                        exit.ran().toMillis() / 1000.0, wait.toSeconds()));
                onChange.run();
            }
        }
        var due = dueNanos.entrySet().iterator();
        while (due.hasNext() && running) {
            var entry = due.next();
            if (entry.getValue() - nowNanos > 0) {
                continue;
            }
            due.remove();
            ServiceProcess service = entry.getKey();
            if (service.restartIfWanted()) {
                progress.accept(service.name() + " restarted (pid " + service.pid() + ", restart "
                        + service.restarts() + ")");
                onChange.run();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
