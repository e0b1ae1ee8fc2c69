package io.braid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of the stack's processes from {@code /proc/<pid>/stat}, and of this JVM split into
 * the load generator's threads (named {@code bench-*}, and the HTTP client's {@code HttpClient-*}) and the
 * rest, which is the in-process Kafka broker plus this JVM's own GC and JIT (counted as platform: an
 * overestimate of Kafka's share).
 */
public final class CpuMeter {
    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
    static final double TICKS_PER_SECOND = 100.0;
    static final String KAFKA_IN_JVM = "kafka (in bench JVM)";
    /** Busy CPU of the whole machine that is none of the above: other people's work on a shared machine. */
    static final String OTHERS = "other processes (not the stack)";

    private final Map<String, Long> pids;

    /** CPU seconds by process name at one moment, this JVM's load-generator share, and the machine's busy time. */
    record Snapshot(Map<String, Double> seconds, double loadGenerator, double machineBusy, double jit) {
        /** CPU seconds the stack's processes spent between {@code earlier} and this snapshot, by process. */
        Map<String, Double> since(Snapshot earlier) {
            Map<String, Double> out = new LinkedHashMap<>();
            seconds.forEach((name, s) -> out.put(name, s - earlier.seconds.getOrDefault(name, 0.0)));
            double ownLoad = loadGenerator - earlier.loadGenerator;
            out.computeIfPresent(KAFKA_IN_JVM, (k, v) -> v - ownLoad);
            return out;
        }

        /** CPU seconds the JIT compiler threads of the stack's JVMs (and this one) spent in the interval. */
        double jitSince(Snapshot earlier) {
            return jit - earlier.jit;
        }

        /** CPU seconds of everything else on the machine (this JVM's load generator included) in the interval. */
        double othersSince(Snapshot earlier) {
            double ours = seconds.entrySet().stream()
                    .mapToDouble(e -> e.getValue() - earlier.seconds.getOrDefault(e.getKey(), 0.0)).sum();
            return Math.max(0, machineBusy - earlier.machineBusy - ours);
        }
    }

    /** @param pids the processes to watch by name (services, Redis); this JVM is always watched */
    CpuMeter(Map<String, Long> pids) {
        this.pids = Map.copyOf(pids);
    }

    Snapshot snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name,
                ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND));
        seconds.put(KAFKA_IN_JVM, ticks(Path.of("/proc/self/stat")) / TICKS_PER_SECOND);
        long jit = threadTicks(Path.of("/proc/self/task"), CpuMeter::isJit);
        for (long pid : pids.values()) {
            jit += threadTicks(Path.of("/proc", Long.toString(pid), "task"), CpuMeter::isJit);
        }
        return new Snapshot(seconds, threadTicks(Path.of("/proc/self/task"), CpuMeter::isLoadGenerator) / TICKS_PER_SECOND,
                machineBusyTicks() / TICKS_PER_SECOND, jit / TICKS_PER_SECOND);
    }

    private static boolean isLoadGenerator(String threadName) {
        return threadName.startsWith(GatewayClient.THREAD_PREFIX) || threadName.startsWith("HttpClient-");
    }

    /** HotSpot's compiler threads, whose names the kernel keeps as {@code C2 CompilerThre} and {@code C1 CompilerThre}. */
    private static boolean isJit(String threadName) {
        return threadName.startsWith("C2 CompilerThre") || threadName.startsWith("C1 CompilerThre");
    }

    /** CPU ticks of the live threads under {@code taskDir} whose name matches. */
    private static long threadTicks(Path taskDir, java.util.function.Predicate<String> name) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(taskDir)) {
            for (Path task : tasks.toList()) {
                try {
                    if (name.test(Files.readString(task.resolve("comm")).trim())) {
                        sum += ticks(task.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** Busy ticks of all CPUs from {@code /proc/stat}: user, nice, system, irq, softirq, steal (not idle, iowait). */
    public static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of a {@code /proc/.../stat} file; 0 when the process is gone. */
    static long ticks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }
}
