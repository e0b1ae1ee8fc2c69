package io.braid.devstack.tune;

import io.braid.devstack.DemoImages;
import io.braid.devstack.DevStack;
import io.braid.devstack.StackMain;
import io.braid.devstack.StackPorts;
import io.braid.devstack.StackState;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ./braid tune PIPELINE}: measures the pipeline under a closed-loop load in the current configuration and
 * in each case of a sweep of its parallelism knobs, on one stack of its own whose affected services are
 * restarted per case against an overlay copy of {@code models/} and {@code pipelines/}; writes
 * {@code report.md}, {@code recommended.patch} and {@code chart.png}.
 */
public final class TuneMain {
    static final String USAGE = """
            usage: ./braid tune PIPELINE [--repeats 3] [--window 10s] [--warmup 5s] [--stack-warmup 20s] [--clients 8]
                                         [--items 16] [--out bench/tune/PIPELINE] [--cases SPEC] [--images DIR] [--dry-run]
              --cases  instead of the default sweep, e.g. 'digits-lenet.instances=2;itemsPerTask=8,digits-mlp.maxBatchSize=64'
                       (cases separated by ';', settings by ','; knobs: <model>.instances|threads|maxBatchSize|maxBatchDelayMs, itemsPerTask)
              --dry-run  print the cases and the refused settings, start nothing
            """;

    /** Most warm-up windows before a case's measured repeats. */
    static final int MAX_WARMUP_WINDOWS = 6;
    /** Most windows of the stack's warm-up before the first case. */
    static final int MAX_STACK_WARMUP_WINDOWS = 9;

    private TuneMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(TuneOptions.parse(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("braid tune: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("braid tune: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static int run(TuneOptions o, Map<String, String> env) throws Exception {
        Path repo = Path.of(env.getOrDefault("BRAID_REPO", ".")).toAbsolutePath().normalize();
        Path home = Path.of(env.getOrDefault("BRAID_HOME", repo.resolve(".braid").toString())).toAbsolutePath();
        int cores = Runtime.getRuntime().availableProcessors();
        int maxPerCore = Integer.parseInt(env.getOrDefault("BRAID_INFERENCE_MAX_THREADS_PER_CORE", "2"));
        TuneConfig current = TuneConfig.load(repo.resolve("models"), repo.resolve("pipelines"), o.pipeline());
        CaseSweep.Plan plan = o.cases() == null ? CaseSweep.defaults(current, cores, maxPerCore)
                : CaseSweep.named(current, o.cases(), cores, maxPerCore);
        say("pipeline " + o.pipeline() + ", " + cores + " cores, " + plan.cases().size() + " cases x " + o.repeats()
                + " repeats of " + o.window().toSeconds() + " s (" + o.clients() + " clients x " + o.items() + " items)");
        plan.cases().forEach(c -> say("  " + c.name() + "  " + c.describe()));
        plan.skipped().forEach(line -> say("  not run (cannot run here): " + line));
        if (o.dryRun()) {
            return 0;
        }
        Map<String, Path> overlays = new LinkedHashMap<>();
        Map<String, List<Overlay.Change>> changes = new LinkedHashMap<>();
        for (TuneCase c : plan.cases()) {
            List<Overlay.Change> ch = Overlay.changes(repo, o.pipeline(), c.settings());
            changes.put(c.name(), ch);
            overlays.put(c.name(), Overlay.write(repo, home.resolve("tune").resolve(c.name()), ch));
        }
        List<byte[]> images = DemoImages.pick(o.images() != null ? o.images() : repo.resolve("models/digits-heldout"), 64)
                .stream().map(DemoImages.Sample::bytes).toList();
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long t0 = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        Map<String, List<String>> restarts = new LinkedHashMap<>();
        Path stateFile = home.resolve("stack.json");
        Path first = overlays.get("c0");
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(home.resolve("logs")).workDir(home.resolve("work"))
                .ports(StackPorts.fromEnvironment(env))
                .serviceEnv("BRAID_MODELS_DIR", first.resolve("models").toString())
                .serviceEnv("BRAID_PIPELINES_DIR", first.resolve("pipelines").toString())
                .build()) {
            say("starting a stack of its own (logs " + home.resolve("logs") + ")");
            stack.start();
            StackMain.describe(stack, ProcessHandle.current().pid(), home).write(stateFile);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            LoadLoop load = new LoadLoop(http, stack.gatewayUrl(), stack.apiKey(), o.pipeline(), images, o.items(), o.clients());
            // every JVM of a fresh stack compiles for minutes under load; without this the first case (the
            // baseline) is measured on a colder stack than the later ones (run 2 of bench/tune/digits: 110 vs 443)
            say("warming the stack up: windows of " + o.stackWarmup().toSeconds() + " s until two in a row agree "
                    + "within 5 %, at least 3, at most " + MAX_STACK_WARMUP_WINDOWS + "; not measured");
            warmUp("stack", load, o.stackWarmup(), 3, MAX_STACK_WARMUP_WINDOWS, 0.05);
            TuneConfig running = current;
            for (TuneCase c : plan.cases()) {
                TuneConfig config = current.apply(c.settings());
                List<String> affected = affected(running, config);
                restarts.put(c.name(), affected);
                try {
                    if (!affected.isEmpty()) {
                        say(c.name() + ": restarting " + affected + " against " + overlays.get(c.name()));
                        restart(stack, affected, overlays.get(c.name()));
                        StackMain.describe(stack, ProcessHandle.current().pid(), home).write(stateFile);
                    }
                    running = config;
                    results.add(measure(c, load, o, MAX_WARMUP_WINDOWS));
                } catch (IllegalStateException e) {
                    // a service that does not come back is this case's failure; the next case starts from c0's
                    say(c.name() + ": " + e.getMessage());
                    results.add(new CaseResult(c, List.of(new CaseResult.Repeat(0, 0, 1)), new double[0],
                            List.of("restart failed: " + e.getMessage().lines().findFirst().orElse(""))));
                    List<String> back = new ArrayList<>(affected);
                    affected(running, current).stream().filter(n -> !back.contains(n)).forEach(back::add);
                    restart(stack, back, first);
                    running = current;
                }
            }
            if (plan.cases().size() > 1) {
                // the baseline again, last: a stack that kept warming up (or a box that got busier) during the
                // sweep shows as the baseline's spread instead of as a gain of the later cases
                List<String> back = affected(running, current);
                if (!back.isEmpty()) {
                    say("c0 again: restarting " + back + " against " + first);
                    restart(stack, back, first);
                }
                results.set(0, results.get(0).plus(measure(plan.cases().get(0), load, o, MAX_WARMUP_WINDOWS)));
            }
        } finally {
            StackState.read(stateFile).ifPresent(s -> s.withStatus(StackState.STOPPED, "").write(stateFile));
        }
        List<Verdicts.Judged> judged = Verdicts.judge(results);
        String patch = Verdicts.best(judged).map(b -> Overlay.patch(changes.get(b.result().tuneCase().name()))).orElse("");
        Path out = Files.createDirectories(o.out() != null ? o.out() : repo.resolve("bench/tune").resolve(o.pipeline()));
        TuneReport.Setup setup = new TuneReport.Setup(o.pipeline(), started, cores, maxPerCore, o.clients(), o.items(),
                o.window().toMillis() / 1000.0, o.warmup().toMillis() / 1000.0, o.stackWarmup().toMillis() / 1000.0, o.repeats());
        double minutes = (System.nanoTime() - t0) / 60e9;
        Files.writeString(out.resolve("report.md"), TuneReport.markdown(setup, judged, plan.skipped(), restarts, patch, minutes));
        Files.writeString(out.resolve("recommended.patch"), patch);
        TuneChart.write(out.resolve("chart.png"), "braid tune " + o.pipeline() + " (" + started + ", " + cores
                + " cores): throughput against p99", judged);
        say("wrote " + out.resolve("report.md") + ", recommended.patch, chart.png");
        Verdicts.best(judged).ifPresentOrElse(
                b -> say("recommended: " + b.result().tuneCase().describe() + String.format(" (%+.1f %%)", b.gainPercent())),
                () -> say("no case is recommended; keep the current configuration"));
        return 0;
    }

    private static void restart(DevStack stack, List<String> services, Path overlay) {
        stack.restartWith(services, Map.of("BRAID_MODELS_DIR", overlay.resolve("models").toString(),
                "BRAID_PIPELINES_DIR", overlay.resolve("pipelines").toString()));
    }

    /** The services that must restart to go from {@code from} to {@code to}: changed pools; the dispatcher for the pipeline. */
    static List<String> affected(TuneConfig from, TuneConfig to) {
        List<String> out = new ArrayList<>();
        boolean planning = from.itemsPerTask() != to.itemsPerTask();
        for (String pool : from.models().values().stream().map(TuneConfig.Model::pool).distinct().sorted().toList()) {
            boolean changed = from.models().values().stream().filter(m -> m.pool().equals(pool))
                    .anyMatch(m -> !Objects.equals(m, to.models().get(m.name())));
            if (changed) {
                out.add("inference-" + pool);
            }
        }
        for (String m : to.pipelineModels()) {
            planning |= from.models().get(m).maxQueueSize() != to.models().get(m).maxQueueSize();
        }
        if (planning) {
            out.add(0, "dispatcher");
        }
        return out;
    }

    private static CaseResult measure(TuneCase c, LoadLoop load, TuneOptions o, int maxWarmup) throws InterruptedException {
        // a restarted JVM is still compiling and its consumers are joining their groups; none of it is measured
        warmUp(c.name(), load, o.warmup(), 1, maxWarmup, 0.10);
        List<CaseResult.Repeat> repeats = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < o.repeats(); i++) {
            CaseResult.Repeat r = load.run(o.window(), latencies, failures);
            repeats.add(r);
            say(String.format("%s repeat %d: %.1f items/s, %d jobs, %d failures", c.name(), i + 1, r.itemsPerSecond(),
                    r.jobs(), r.failures()));
        }
        return new CaseResult(c, repeats, latencies.stream().mapToDouble(Double::doubleValue).toArray(), failures);
    }

    /** Load in windows until two in a row agree within {@code tolerance} (after at least {@code min}), at most {@code max}. */
    private static void warmUp(String what, LoadLoop load, Duration window, int min, int max, double tolerance)
            throws InterruptedException {
        double previous = -1;
        for (int w = 1; w <= max; w++) {
            List<String> failures = new ArrayList<>();
            CaseResult.Repeat warm = load.run(window, new ArrayList<>(), failures);
            say(String.format("%s warm-up %d: %.1f items/s%s", what, w, warm.itemsPerSecond(), warm.failures() > 0
                    ? ", " + warm.failures() + " failures (not counted): " + failures.get(0) : ""));
            double now = warm.itemsPerSecond();
            if (w >= min && previous > 0 && now > 0 && Math.abs(now - previous) <= tolerance * Math.max(now, previous)) {
                return;
            }
            previous = now;
        }
    }

    private static void say(String line) {
        System.out.println("[tune] " + line);
    }
}
