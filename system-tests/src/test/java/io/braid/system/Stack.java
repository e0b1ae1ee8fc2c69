package io.braid.system;

import io.braid.devstack.DevStack;
import io.braid.devstack.LocalPorts;
import io.braid.devstack.ServiceProcess;
import io.braid.devstack.ServiceSpec;
import io.braid.devstack.StackPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One devstack per test JVM: a KRaft broker and Redis in-process, every service as a child process
 * on free ports, stopped by a shutdown hook (and by the children's watchdog if this JVM is killed).
 */
final class Stack {
    /** The gateway's body limit in the system tests, small enough to test 413 cheaply. */
    static final int MAX_REQUEST_BYTES = 1_000_000;
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
                    .serviceEnv("BRAID_GATEWAY_MAX_REQUEST_BYTES", Integer.toString(MAX_REQUEST_BYTES))
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
        int port = LocalPorts.pickFree();
        Map<String, String> env = new HashMap<>(base.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(overrides);
        ServiceProcess process = new ServiceProcess(new ServiceSpec(name, base.module(), port, base.jvmOptions(), env),
                repoRoot(), first.logFile().getParent());
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

    static Path repoRoot() {
        Path root = Path.of(System.getProperty("braid.repo.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("pipelines"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }
}
