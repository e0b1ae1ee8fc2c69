package io.braid.devstack;

import io.braid.devstack.trace.TraceCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line behind {@code ./braid}: {@code serve} runs a stack in this JVM until it is stopped;
 * {@code status}, {@code await-free} and {@code demo} talk to a stack that {@code serve} runs elsewhere,
 * found through its state file {@code <home>/stack.json}.
 */
public final class StackMain {
    /** The owner name of the trace receiver's port in the state file. */
    static final String TRACES = "traces";
    private static final String USAGE = """
            usage: StackMain <command> [options]
              serve       start Kafka, Redis and the services; run until SIGTERM
                          [--no-services] [--ready-timeout S] [--kafka-port N] [--redis-port N]
                          [--gateway-port N] [--dispatcher-port N] [--preprocess-port N]
                          [--postprocess-port N] [--inference-port N] [--port-base N] [--replicas N]
              status      what the stack runs, its ports and health
              await-free  wait until the stack's processes and ports are gone [--timeout S]
              demo        send digit images to the gateway and print the results
                          [--gateway URL] [--images DIR] [--pipeline NAME] [--jobs N] [--per-job N] [--wait S]
              trace       print a job's trace as a waterfall --job ID [--html FILE] [--wait S]
            common options: [--repo DIR] [--home DIR]  (environment: BRAID_REPO, BRAID_HOME, BRAID_*_PORT)
            """;

    private StackMain() {
    }

    /** Runs one command; exits with its status. */
    public static void main(String[] args) {
        int status;
        try {
            status = run(StackOptions.parse(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("braid: " + e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (RuntimeException e) {
            System.err.println("braid: " + e.getMessage());
            status = 1;
        } catch (Throwable e) {
            // an Error must end the JVM too: the broker's threads would keep a half-started stack alive
            System.err.println("braid: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static int run(StackOptions options, Map<String, String> env) {
        Path repo = Path.of(options.value("repo", env.getOrDefault("BRAID_REPO", "."))).toAbsolutePath().normalize();
        Path home = options.home(repo, env);
        Path stateFile = home.resolve("stack.json");
        return switch (options.command()) {
            case "serve" -> serve(options, env, repo, home, stateFile);
            case "status" -> StackStatusReport.print(stateFile, System.out);
            case "await-free" -> StackStatusReport.awaitFree(stateFile,
                    Duration.ofSeconds(options.intValue("timeout", 30)), System.out);
            case "demo" -> DemoClient.fromOptions(options, repo, stateFile).run(System.out);
            case "trace" -> trace(options, stateFile);
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command '" + options.command() + "'");
        };
    }

    private static int serve(StackOptions options, Map<String, String> env, Path repo, Path home, Path stateFile) {
        int readySeconds = options.intValue("ready-timeout",
                Integer.parseInt(env.getOrDefault("BRAID_READY_TIMEOUT", "120")));
        boolean withServices = !options.has("no-services");
        StackPorts ports = options.ports(env);
        int replicas = options.intValue("replicas", Integer.parseInt(env.getOrDefault("BRAID_REPLICAS", "1")));
        DevStack stack = DevStack.builder()
                .repoRoot(repo)
                .logDir(home.resolve("logs"))
                .workDir(home.resolve("work"))
                .ports(ports)
                .readyTimeout(Duration.ofSeconds(readySeconds))
                .replicas(replicas)
                .build();
        long pid = ProcessHandle.current().pid();
        StackState starting = new StackState(pid, StackState.STARTING, "", null, null, null,
                home.resolve("logs").toString(), plannedPorts(ports, stack.pools(), replicas, withServices), List.of(), null);
        starting.write(stateFile);
        try {
            if (withServices) {
                stack.start();
            } else {
                stack.startInfra();
            }
        } catch (RuntimeException | Error e) {
            starting.withStatus(StackState.FAILED, String.valueOf(e.getMessage())).write(stateFile);
            stack.close();
            throw e;
        }
        StackState ready = describe(stack, pid, home);
        ready.write(stateFile);
        // a supervised restart changes a pid and the restart count: keep ./braid status and down current
        stack.onServicesChanged(() -> describe(stack, pid, home).write(stateFile));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            ready.withStatus(StackState.STOPPED, "").write(stateFile);
        }, "braid-serve-shutdown"));
        System.out.println("[braid] ready" + (ready.gatewayUrl() == null ? "" : ": gateway " + ready.gatewayUrl()));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int trace(StackOptions options, Path stateFile) {
        String job = options.value("job", "");
        if (job.isEmpty()) {
            throw new IllegalArgumentException("trace needs a job id: ./braid trace JOB [--html FILE]");
        }
        StackState state = StackState.read(stateFile).filter(StackState::stackAlive)
                .orElseThrow(() -> new IllegalStateException("no stack runs (./braid up); the traces live in the stack's process"));
        int port = state.ports().stream().filter(p -> TRACES.equals(p.owner())).mapToInt(StackState.OwnedPort::port)
                .findFirst().orElseThrow(() -> new IllegalStateException("the running stack has no trace receiver"));
        String html = options.value("html", "");
        try {
            return new TraceCommand("http://" + LocalPorts.HOST + ":" + port).run(job, html.isEmpty() ? null : Path.of(html),
                    Duration.ofSeconds(options.intValue("wait", 10)), System.out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the trace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static List<StackState.OwnedPort> plannedPorts(StackPorts p, List<String> pools, int replicas,
                                                           boolean services) {
        List<StackState.OwnedPort> ports = new ArrayList<>(List.of(
                new StackState.OwnedPort("kafka", p.kafka()), new StackState.OwnedPort("redis", p.redis())));
        if (services) {
            ServicePlan.configuredPorts(p, pools, replicas).forEach((name, port) ->
                    ports.add(new StackState.OwnedPort(name, port)));
            ServicePlan.configuredManagementPorts(p, pools, replicas).forEach((name, port) ->
                    ports.add(new StackState.OwnedPort(name + " (management)", port)));
        }
        return ports.stream().filter(o -> o.port() != 0).toList();
    }

    /** The state of a started stack. */
    public static StackState describe(DevStack stack, long pid, Path home) {
        List<StackState.OwnedPort> ports = new ArrayList<>(List.of(
                new StackState.OwnedPort("kafka", stack.kafka().port()),
                new StackState.OwnedPort("redis", stack.redis().port()),
                new StackState.OwnedPort(TRACES, stack.traces().port())));
        List<StackState.Service> services = new ArrayList<>();
        for (ServiceProcess s : stack.services()) {
            ports.add(new StackState.OwnedPort(s.name(), s.port()));
            ports.add(new StackState.OwnedPort(s.name() + " (management)", s.spec().managementPort()));
            ServiceProcess.Exit exit = s.lastExit();
            String lastExit = exit == null ? "" : String.format("%s at %s after %.1f s", exit.reason(),
                    exit.at().truncatedTo(ChronoUnit.SECONDS), exit.ran().toMillis() / 1000.0);
            services.add(new StackState.Service(s.name(), s.spec().module(), s.url(), s.pid(), s.logFile().toString(),
                    s.restarts(), lastExit, s.managementUrl()));
        }
        String gateway = services.isEmpty() ? null : stack.gatewayUrl();
        return new StackState(pid, StackState.READY, "", stack.kafkaBootstrap(), stack.redisUri(), gateway,
                home.resolve("logs").toString(), ports, services,
                services.isEmpty() ? null : stack.apiKeyFile().toString());
    }
}
