package io.braid.bench.chaos;

import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;
import io.braid.devstack.StackPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fault suite ({@code bench/chaos.sh}): the stack of {@code ./braid up --replicas 2} in this JVM (so that
 * it can restart the broker and Redis), a fault-free reference run, then one scenario per fault, each printed
 * as a row and written to {@code docs/RELIABILITY.md}. Arguments: {@code --only a,b} (scenarios whose name
 * contains one of these), {@code --no-write} (print only). System properties: {@code braid.repo.root},
 * {@code chaos.commit}, {@code chaos.command}.
 */
public final class ChaosMain {
    private static final String PIPELINE = "digits";
    /** The pipeline's own deadline: every job keeps it. */
    private static final long DEADLINE_MS = 30_000;
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int IMAGES_PER_JOB = 8;

    private ChaosMain() {
    }

    public static void main(String[] args) {
        try {
            run(List.of(args));
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(List<String> args) throws Exception {
        Path repo = Path.of(System.getProperty("braid.repo.root", ".")).toAbsolutePath().normalize();
        List<byte[]> digits = heldOut(repo.resolve("models/digits-heldout"));
        List<String> ids = heldOutIds(repo.resolve("models/digits-heldout"));
        String only = option(args, "--only");
        List<Scenario> scenarios = Scenarios.all(i -> body(digits, ids, i, List.of()),
                (i, extra) -> body(digits, ids, i, extra));
        ChaosReport report = new ChaosReport(repo, System.getProperty("chaos.command", "bench/chaos.sh"),
                System.getProperty("chaos.commit", "unknown"));
        try (DevStack stack = DevStack.builder().repoRoot(repo)
                .logDir(repo.resolve("bench/target/chaos-logs")).workDir(repo.resolve("bench/target/chaos-work"))
                .ports(StackPorts.anyFree()).replicas(2).readyTimeout(Duration.ofSeconds(300)).build()) {
            stack.start();
            List<String> gateways = stack.services().stream().filter(s -> s.name().startsWith("gateway"))
                    .map(ServiceProcess::url).toList();
            Map<String, String> reference = new TreeMap<>();
            for (Scenario scenario : scenarios) {
                boolean isReference = scenario == scenarios.get(0);
                if (!isReference && only != null && Stream.of(only.split(",")).noneMatch(scenario.name()::contains)) {
                    continue;
                }
                Ran ran = runOne(stack, gateways, scenario, reference);
                if (isReference) {
                    reference.putAll(ChaosRow.labels(ran.jobs()));
                }
                report.add(ran.row());
                System.out.println(report.line(ran.row()));
                awaitAllReady(stack);
            }
        }
        if (!args.contains("--no-write")) {
            report.append(repo.resolve("docs/RELIABILITY.md"));
        }
        System.out.println(report.table());
    }

    private record Ran(ChaosRow row, List<ChaosLoad.Job> jobs) {
    }

    private static Ran runOne(DevStack stack, List<String> gateways, Scenario scenario, Map<String, String> reference)
            throws Exception {
        System.out.println("[chaos] " + scenario.name() + ": " + scenario.jobs() + " jobs at " + scenario.rate() + "/s");
        try (ChaosLoad load = new ChaosLoad(gateways, stack.apiKey())) {
            long start = System.currentTimeMillis();
            long[] faultAt = {0};
            Thread injector = new Thread(() -> {
                try {
                    Thread.sleep(scenario.faultAfter().toMillis());
                    faultAt[0] = System.currentTimeMillis();
                    scenario.fault().inject(stack);
                } catch (Exception e) {
                    System.out.println("[chaos] the fault failed: " + e);
                }
            }, "chaos-fault");
            injector.start();
            List<ChaosLoad.Job> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
            var sending = load.submit(PIPELINE, scenario.bodies(), scenario.rate(), jobs);
            var timeline = new java.util.TreeMap<>(load.follow(jobs, sending, GRACE, Duration.ofMillis(500), DEADLINE_MS));
            jobs.sort(java.util.Comparator.comparingInt(j -> j.index));
            injector.join();
            System.out.printf("[chaos] %s done in %.1f s%n", scenario.name(), (System.currentTimeMillis() - start) / 1000.0);
            return new Ran(ChaosRow.of(scenario, jobs, timeline, faultAt[0], reference), jobs);
        }
    }

    /** Waits until every service answers again (the supervisor restarts killed ones), so rows do not overlap. */
    private static void awaitAllReady(DevStack stack) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < until && !stack.services().stream().allMatch(ServiceProcess::isReady)) {
            Thread.sleep(500);
        }
    }

    private static String body(List<byte[]> digits, List<String> ids, int job, List<String> extraInputs) {
        StringBuilder body = new StringBuilder("{\"inputs\":[");
        Base64.Encoder b64 = Base64.getEncoder();
        for (int k = 0; k < IMAGES_PER_JOB; k++) {
            int i = (job * IMAGES_PER_JOB + k) % digits.size();
            body.append(k == 0 ? "" : ",").append("{\"id\":\"").append(ids.get(i)).append("\",\"image\":\"")
                    .append(b64.encodeToString(digits.get(i))).append("\"}");
        }
        extraInputs.forEach(input -> body.append(',').append(input));
        return body.append("]}").toString();
    }

    private static List<Path> pngs(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static List<byte[]> heldOut(Path dir) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (Path p : pngs(dir)) {
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    private static List<String> heldOutIds(Path dir) throws Exception {
        return pngs(dir).stream().map(p -> p.getFileName().toString().replace(".png", "")).toList();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
