package io.braid.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code ./braid status} and the check behind {@code ./braid down}, read from a stack's state file. */
public final class StackStatusReport {
    /** Exit status: everything runs and answers. */
    public static final int HEALTHY = 0;
    /** Exit status: the stack runs but a part does not answer, or it failed to start. */
    public static final int DEGRADED = 1;
    /** Exit status: no stack runs. */
    public static final int NOT_RUNNING = 3;

    private StackStatusReport() {
    }

    /** Prints one line per part of the stack with its port and health; returns an exit status. */
    public static int print(Path stateFile, PrintStream out) {
        Optional<StackState> found = StackState.read(stateFile);
        if (found.isEmpty() || !found.get().stackAlive()) {
            out.println("braid is not running" + found.map(s -> " (last state " + s.status() + ")").orElse(""));
            return NOT_RUNNING;
        }
        StackState state = found.get();
        boolean healthy = StackState.READY.equals(state.status());
        out.printf("%-22s pid %-8d %s%s%n", "stack", state.pid(), state.status(),
                state.message().isEmpty() ? "" : ": " + state.message());
        if (state.kafka() != null) {
            boolean up = LocalPorts.isListening(port(state.kafka()));
            healthy &= up;
            out.printf("%-22s %-28s %s%n", "kafka", state.kafka(), up ? "listening" : "NOT LISTENING");
        }
        if (state.redis() != null) {
            String reply = redisPing(port(state.redis()));
            healthy &= "PONG".equals(reply);
            out.printf("%-22s %-28s %s%n", "redis", state.redis(), reply);
        }
        for (StackState.Service service : state.services()) {
            boolean alive = ProcessLiveness.isRunning(service.pid());
            boolean ready = alive && HealthProbe.isReady(service.healthUrl());
            healthy &= ready;
            out.printf("%-22s %-28s %-11s pid %-8d %s%s%n", service.name(), service.url(), managementPort(service),
                    service.pid(),
                    ready ? "ready" : alive ? "NOT READY (see " + service.log() + ")" : "NOT RUNNING (see " + service.log() + ")",
                    service.restarts() == 0 && service.lastExit().isEmpty() ? ""
                            : "; restarts " + service.restarts() + ", last exit: " + service.lastExit());
        }
        if (state.gatewayUrl() != null) {
            out.println("gateway: " + state.gatewayUrl());
        }
        if (state.apiKeyFile() != null) {
            out.println("api key: " + state.apiKey() + "   (Authorization: Bearer <key>; kept in " + state.apiKeyFile() + ")");
        }
        out.println("health and metrics: each service's management port (mgmt), /q/health and /q/metrics");
        out.println("logs:    " + state.logDir());
        return healthy ? HEALTHY : DEGRADED;
    }

    /**
     * Waits until the stack JVM, every service process and every port of the stack are gone; prints what
     * is left when the timeout passes. Returns 0 when all are gone, else 1.
     */
    public static int awaitFree(Path stateFile, Duration timeout, PrintStream out) {
        Optional<StackState> found = StackState.read(stateFile);
        if (found.isEmpty()) {
            return 0;
        }
        StackState state = found.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> left = leftovers(state);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            sleep();
            left = leftovers(state);
        }
        if (!left.isEmpty()) {
            out.println("still in use after " + timeout.toSeconds() + " s: " + String.join(", ", left));
            return 1;
        }
        return 0;
    }

    private static List<String> leftovers(StackState state) {
        List<String> left = new ArrayList<>();
        if (state.stackAlive()) {
            left.add("stack JVM pid " + state.pid());
        }
        for (StackState.Service service : state.services()) {
            if (service.pid() > 0 && ProcessLiveness.isRunning(service.pid())) {
                left.add(service.name() + " pid " + service.pid());
            }
        }
        for (StackState.OwnedPort port : state.ports()) {
            if (LocalPorts.isListening(port.port())) {
                left.add("port " + port.port() + " (" + port.owner() + ")");
            }
        }
        return left;
    }

    private static String redisPing(int port) {
        try {
            return BundledRedis.ping(port);
        } catch (IOException e) {
            return "NOT ANSWERING (" + e.getMessage() + ")";
        }
    }

    /** {@code mgmt <port>}; empty for a state file written before services had a management interface. */
    private static String managementPort(StackState.Service service) {
        return service.managementUrl() == null ? "" : "mgmt " + port(service.managementUrl());
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
