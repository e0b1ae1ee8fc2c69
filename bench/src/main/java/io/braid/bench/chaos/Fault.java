package io.braid.bench.chaos;

import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;

import java.time.Duration;

/**
 * What a scenario does to the stack once its load is under way. {@link #inject} returns when the fault has
 * been applied (and, for a fault with a duration such as a paused process or a stopped broker, healed).
 */
@FunctionalInterface
interface Fault {
    /** No fault: the reference run whose results every other scenario is compared with. */
    Fault NONE = stack -> { };

    void inject(DevStack stack) throws Exception;

    /** kill -9 of one process of a service; the stack's supervisor restarts it. */
    static Fault kill(String service) {
        return stack -> stack.service(service).kill();
    }

    /** SIGSTOP of one process for {@code paused}, then SIGCONT: a frozen JVM (a long GC, a stalled node). */
    static Fault pause(String service, Duration paused) {
        return stack -> {
            ServiceProcess process = stack.service(service);
            long pid = process.pid();
            signal("STOP", pid);
            try {
                Thread.sleep(paused.toMillis());
            } finally {
                signal("CONT", pid);
            }
        };
    }

    /** The Kafka broker down for {@code down}, then back with its data. */
    static Fault brokerRestart(Duration down) {
        return stack -> stack.restartKafka(down);
    }

    /** Redis killed (SIGKILL), down for {@code down}, then back on its port with its append-only file. */
    static Fault redisRestart(Duration down) {
        return stack -> {
            stack.stopRedis(false);
            try {
                Thread.sleep(down.toMillis());
            } finally {
                stack.startRedis();
            }
        };
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }
}
