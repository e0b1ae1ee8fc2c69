package io.braid.bench;

import io.braid.devstack.DevStack;
import io.braid.devstack.DevStackSettings;
import io.braid.devstack.ServiceProcess;
import io.braid.devstack.StackPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue #10's benchmarks of agent pipelines (bench/agents.sh): fan-out speed-up, the concurrency cap seen from the
 * remote, a 429 storm, and the platform's cost per remote call (CPU and the io pool's memory), all against the
 * mock model server of the devstack, on the repository's own models and pipelines. Appends to bench/RESULTS.md.
 */
public final class AgentBench {
    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick");
        Path repo = Path.of(System.getProperty("braid.repo.root", ".")).toAbsolutePath().normalize();
        Path bench = repo.resolve("bench");
        Report report = new Report();
        report.header(System.getProperty("bench.command", "bench/agents.sh"), System.getProperty("bench.commit", "?"));
        report.section("Agent pipelines (issue #10): remote models against the mock model server");
        DevStackSettings.Builder builder = DevStack.builder()
                .repoRoot(repo)
                .logDir(bench.resolve("target/agent-logs"))
                .workDir(bench.resolve("target/agent-work"))
                .ports(StackPorts.anyFree())
                .readyTimeout(Duration.ofSeconds(300))
                .progress(line -> System.out.println("[braid] " + line));
        try (DevStack stack = builder.build().start()) {
            AgentClient client = new AgentClient(stack.gatewayUrl(), stack.apiKey(), stack.mockModelsUrl());
            AgentPhases phases = new AgentPhases(client, new AgentReport(report), quick);
            Map<String, Long> pids = StackPhases.pids(stack);
            report.text("Stack: " + String.join(", ", pids.keySet()) + "; the mock model server as its own process.");
            java.util.Set<String> only = new java.util.HashSet<>(List.of("fanout", "cap", "storm", "cpu", "memory"));
            int at = options.indexOf("--only");
            if (at >= 0 && at + 1 < options.size()) {
                only = new java.util.HashSet<>(List.of(options.get(at + 1).split(",")));
                report.text("- only: " + options.get(at + 1));
            }
            if (only.contains("fanout")) {
                phases.fanOut();
            }
            if (only.contains("cap")) {
                phases.concurrencyCap();
            }
            if (only.contains("storm")) {
                phases.storm();
            }
            if (only.contains("cpu")) {
                phases.cpuPerBranch(pids, digits(repo));
            }
            if (only.contains("memory")) {
                phases.memory(stack.services().stream().filter(s -> s.name().equals("inference-io-models"))
                        .mapToLong(ServiceProcess::pid).findFirst().orElseThrow());
            }
        }
        report.finish(options.contains("--no-append") ? Files.createTempFile("braid-agents", ".md")
                : bench.resolve("RESULTS.md"));
    }

    private static List<byte[]> digits(Path repo) throws java.io.IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo.resolve("models/digits-heldout"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(64).toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }
}
