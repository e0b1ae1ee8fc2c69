package io.braid.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Starts a stack's service processes at once and waits until every one answers its readiness check. */
final class ServiceLauncher {
    private ServiceLauncher() {
    }

    /**
     * Starts every process (running {@code beforeEachStart} first, which may refuse by throwing) and returns when
     * all are ready, reporting each to {@code progress}; the first one to fail ends the wait, not the first in
     * start order.
     *
     * @throws IllegalStateException when a service exits or is not ready in time, with the end of its log
     */
    static void startAndAwaitReady(List<ServiceProcess> all, Duration timeout, Consumer<String> progress,
                                   Runnable beforeEachStart) {
        long t0 = System.nanoTime();
        ExecutorService waiters = Executors.newFixedThreadPool(Math.max(1, all.size()), runnable -> {
            Thread thread = new Thread(runnable, "braid-devstack-ready");
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<String> ready = new ExecutorCompletionService<>(waiters);
        try {
            for (ServiceProcess service : all) {
                beforeEachStart.run();
                service.start();
                ready.submit(() -> {
                    service.awaitReady(timeout);
                    progress.accept(String.format("%-22s ready on %s (%.1f s)", service.name(), service.url(),
                            (System.nanoTime() - t0) / 1e9));
                    return service.name();
                });
            }
            for (int i = 0; i < all.size(); i++) {
                ready.take().get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the services", e);
        } finally {
            waiters.shutdownNow();
        }
    }
}
