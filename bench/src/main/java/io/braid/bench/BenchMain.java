package io.braid.bench;

import io.braid.common.pipeline.ModelRepository;
import io.braid.devstack.DevStack;
import io.braid.devstack.DevStackSettings;
import io.braid.devstack.StackPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark, in one JVM: the DJL ceiling first (nothing else running), then the devstack from
 * {@code bench/target/stack-root}, the load through the gateway, a table, and the results appended to
 * {@code bench/RESULTS.md}. Run it with {@code bench/run.sh}, which builds and generates the models first.
 *
 * <p>Arguments: {@code --quick} (short windows, a smoke run), {@code --no-append} (print only),
 * {@code --jfr} (every service records a JFR profile into {@code bench/target/stack-logs/}),
 * {@code --env NAME=VALUE} (repeatable: an environment variable for every service, to try a setting),
 * {@code --batch-delay-ms N} ({@code maxBatchDelayMs} of the benchmark's own models; default 5),
 * {@code --only a,b} (run only these measurements on the stack: {@code throughput}, {@code latency},
 * {@code cpu}; the ceiling, cold start and warm-up always run).
 * System properties: {@code braid.repo.root} (default: the working directory), {@code bench.command} and
 * {@code bench.commit} (for the report header).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            // the in-process Kafka broker's threads would keep the JVM alive; its shutdown hook stops the stack
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick");
        Path repo = Path.of(System.getProperty("braid.repo.root", ".")).toAbsolutePath().normalize();
        Path bench = repo.resolve("bench");
        if (!Files.isDirectory(bench) || !Files.isDirectory(repo.resolve("pipelines"))) {
            throw new IllegalStateException("not the repository root: " + repo);
        }
        Path root = bench.resolve("target/stack-root");
        Path logs = bench.resolve("target/stack-logs");
        Report report = new Report();
        report.header(System.getProperty("bench.command", "bench/run.sh " + String.join(" ", args)),
                System.getProperty("bench.commit", "unknown"));
        int batchDelayMs = 5;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--batch-delay-ms")) {
                batchDelayMs = Integer.parseInt(args[i + 1]);
                report.text("- the benchmark's own models (" + StackRoot.RESNET + ", " + StackRoot.NOOP
                        + ") batch with maxBatchDelayMs " + batchDelayMs);
            }
        }
        List<String> notes = StackRoot.prepare(repo, bench.resolve("models"), root, batchDelayMs);
        notes.forEach(n -> report.text("- " + n));
        ModelRepository models = ModelRepository.load(root.resolve("models"));

        java.util.Set<String> only = new java.util.HashSet<>(List.of("throughput", "latency", "cpu"));
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--only")) {
                only = new java.util.HashSet<>(List.of(args[i + 1].split(",")));
                report.text("- only: " + args[i + 1]);
            }
        }
        CeilingPhase.Ceiling ceiling = new CeilingPhase(models, report, quick ? 500 : 1500).run();

        DevStackSettings.Builder builder = DevStack.builder()
                .repoRoot(root)
                .logDir(logs)
                .workDir(bench.resolve("target/stack-work"))
                .ports(StackPorts.anyFree())
                .readyTimeout(Duration.ofSeconds(300))
                .progress(line -> System.out.println("[braid] " + line));
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--env")) {
                String[] kv = args[i + 1].split("=", 2);
                builder.serviceEnv(kv[0], kv.length > 1 ? kv[1] : "");
                report.text("- every service runs with " + args[i + 1]);
            }
        }
        if (options.contains("--jfr")) {
            Files.createDirectories(logs);
            builder.serviceEnv("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + logs.toAbsolutePath() + "/");
        }
        long t0 = System.nanoTime();
        try (DevStack stack = builder.build().start();
             GatewayClient client = new GatewayClient(stack.gatewayUrl(), stack.apiKey(), 16)) {
            report.text("");
            report.text(String.format(Locale.ROOT, "Stack: %d services (%s) started and ready in %.0f s; "
                    + "Kafka in this JVM, "
                    + "Redis %s as a child process.", stack.services().size(), String.join(", ",
                    stack.services().stream().map(s -> s.name()).toList()), (System.nanoTime() - t0) / 1e9,
                    io.braid.devstack.BundledRedis.VERSION));
            StackPhases.Plan plan = quick ? StackPhases.Plan.QUICK : StackPhases.Plan.FULL;
            StackPhases phases = new StackPhases(stack, client, report, plan, ceiling);
            CpuMeter meter = new CpuMeter(StackPhases.pids(stack));
            phases.coldStart();
            phases.warmUp();
            if (only.contains("throughput")) {
                phases.throughput(new ThroughputPhase(stack, client, report, plan, ceiling, models, meter));
            }
            if (only.contains("latency")) {
                phases.lowLoadLatency();
            }
            if (only.contains("cpu")) {
                phases.cpuPerItem(meter);
            }
        }
        if (options.contains("--no-append")) {
            report.finish(Files.createTempFile("braid-bench", ".md"));
        } else {
            report.finish(bench.resolve("RESULTS.md"));
        }
    }
}
