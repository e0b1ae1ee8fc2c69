package io.braid.system;

import io.braid.devstack.DevStack;
import io.braid.devstack.LocalPorts;
import io.braid.devstack.ServicePlan;
import io.braid.devstack.ServiceProcess;
import io.braid.devstack.ServiceSpec;
import io.braid.devstack.StackPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One devstack per test JVM: a KRaft broker and Redis in-process, every service as a child process
 * on free ports, stopped by a shutdown hook (and by the children's watchdog if this JVM is killed).
 */
final class Stack {
    /**
     * {@code braid.max-record-bytes} in the system tests: small enough to test the limits cheaply, and above
     * Kafka's own 1 MiB defaults (producer {@code max.request.size}, broker {@code message.max.bytes}) so a job
     * at the limit shows that the one setting raised them. The stack creates its topics with it and every
     * service gets it, as the chart does.
     */
    static final int MAX_RECORD_BYTES = 1_500_000;
    /**
     * {@code braid.preprocess.pixel-budget} in the system tests: 1 Mpx, below the gateway's image limit
     * (16 Mpx), so that an image of a few megapixels passes the gateway and meets the pre-processing limit.
     */
    static final long PIXEL_BUDGET = 1_000_000;
    /** {@code braid.gateway.admission.deadline-check}: off in the system-test stack (see {@link #get()}). */
    static final String DEADLINE_CHECK_ENV = "BRAID_GATEWAY_ADMISSION_DEADLINE_CHECK";
    private static DevStack stack;

    private Stack() {
    }

    static synchronized DevStack get() {
        if (stack == null) {
            Path root = repoRoot();
            // Redis keeps an append-only file in its work folder: start every test run from an empty store
            deleteTree(root.resolve("system-tests/target/stack-work/redis/appendonlydir"));
            stack = DevStack.builder()
                    .repoRoot(root)
                    .logDir(root.resolve("system-tests/target/stack-logs"))
                    .workDir(root.resolve("system-tests/target/stack-work"))
                    .ports(StackPorts.anyFree())
                    .readyTimeout(Duration.ofSeconds(240))
                    .serviceEnv("BRAID_MAX_RECORD_BYTES", Integer.toString(MAX_RECORD_BYTES))
                    .serviceEnv("BRAID_PREPROCESS_PIXEL_BUDGET", Long.toString(PIXEL_BUDGET))
                    // many tests submit jobs whose deadline is meant to pass (1 ms, convoys that expire) while other
                    // work is in flight: the gateway's deadline check would refuse them. AdmissionSystemTest runs
                    // a gateway replica with the check on.
                    .serviceEnv(DEADLINE_CHECK_ENV, "false")
                    .build()
                    .start();
            DevStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return stack;
    }

    /**
     * Starts one more process of a running service (another replica, or the same service with other
     * settings) on a free port, with the service's environment plus {@code overrides}; not yet ready.
     */
    static ServiceProcess another(String service, String name, Map<String, String> overrides) {
        ServiceProcess first = get().service(service);
        ServiceSpec base = first.spec();
        List<Integer> ports = LocalPorts.pickFree(2);
        int port = ports.get(0);
        int management = ports.get(1);
        Map<String, String> env = new HashMap<>(base.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put(ServicePlan.MANAGEMENT_PORT_ENV, Integer.toString(management));
        env.put(ServicePlan.INSTANCE_ENV, name);
        env.putAll(overrides);
        ServiceProcess process = new ServiceProcess(new ServiceSpec(name, base.module(), port, management,
                base.jvmOptions(), env), repoRoot(), first.logFile().getParent());
        process.start();
        return process;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot empty " + dir, e);
        }
    }

    /**
     * Stops a process started by {@link #another} and waits until its static consumer-group members are gone
     * (they keep their partitions for the 6 s session after a stop), so the tests after it find the groups
     * as they were.
     */
    static void stopAnother(ServiceProcess process) throws Exception {
        process.stop();
        if (!ConsumerLag.awaitMembersGone(get().kafkaBootstrap(), process.name(), java.time.Duration.ofSeconds(60))) {
            throw new IllegalStateException(process.name() + " still holds consumer-group members 60 s after it stopped");
        }
    }

    static Path repoRoot() {
        Path root = Path.of(System.getProperty("braid.repo.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("pipelines"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }
}
