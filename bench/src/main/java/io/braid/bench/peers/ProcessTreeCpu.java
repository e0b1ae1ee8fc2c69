package io.braid.bench.peers;

import io.braid.bench.CpuMeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU seconds of a whole process tree (a root pid and every descendant, found through the parent pids of
 * {@code /proc/<pid>/stat}), of this JVM (the load client, never counted as the server's) and of the machine.
 * A process's own time plus the time of its children it has reaped, so a worker that ends inside a window
 * still counts once reaped.
 */
final class ProcessTreeCpu {
    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
    static final double TICKS_PER_SECOND = 100.0;

    /** CPU at one moment: the tree's seconds, its pids, this JVM's seconds and the machine's busy seconds. */
    record Sample(long nanos, double tree, Set<Long> pids, double client, double machineBusy) {
        /** Tree, client and everything else (other people's work) in cores over the interval since {@code start}. */
        Window since(Sample start) {
            double seconds = (nanos - start.nanos) / 1e9;
            double tree = this.tree - start.tree;
            double client = this.client - start.client;
            double others = Math.max(0, machineBusy - start.machineBusy - tree - client);
            return new Window(seconds, tree, client, others);
        }
    }

    /** CPU seconds in one window: of the system measured, of the load client, of other processes. */
    record Window(double seconds, double system, double client, double others) {
        double systemCores() {
            return system / seconds;
        }

        double othersCores() {
            return others / seconds;
        }
    }

    private final long root;

    ProcessTreeCpu(long root) {
        this.root = root;
    }

    long root() {
        return root;
    }

    Sample sample() {
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path dir : procs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] f = stat(dir.resolve("stat"));
                if (f != null) {
                    parent.put(Long.parseLong(name), f[0]);
                    ticks.put(Long.parseLong(name), f[1]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        Map<Long, List<Long>> children = new HashMap<>();
        parent.forEach((pid, ppid) -> children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid));
        Set<Long> tree = new HashSet<>();
        long sum = 0;
        ArrayDeque<Long> todo = new ArrayDeque<>();
        if (ticks.containsKey(root)) {
            todo.add(root);
        }
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (tree.add(pid)) {
                sum += ticks.getOrDefault(pid, 0L);
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        long[] self = stat(Path.of("/proc/self/stat"));
        return new Sample(System.nanoTime(), sum / TICKS_PER_SECOND, tree,
                self == null ? 0 : self[1] / TICKS_PER_SECOND, CpuMeter.machineBusyTicks() / TICKS_PER_SECOND);
    }

    /** Pids of {@code pids} that still run (not zombies). */
    static List<Long> alive(Set<Long> pids) {
        List<Long> out = new ArrayList<>();
        for (long pid : pids) {
            try {
                String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                if (s.charAt(s.lastIndexOf(')') + 2) != 'Z') {
                    out.add(pid);
                }
            } catch (IOException gone) {
                // ended
            }
        }
        return out;
    }

    /** {ppid, utime + stime + cutime + cstime} of a {@code /proc/.../stat} file; null when the process is gone. */
    private static long[] stat(Path file) {
        try {
            String s = Files.readString(file);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] state, f[1] ppid, ..., f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
            return new long[]{Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
