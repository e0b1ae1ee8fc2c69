package io.braid.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run one service process.
 *
 * @param name       the service's name in the stack, e.g. {@code gateway} or {@code inference-cpu-small}
 * @param module     the Maven module whose built application runs, e.g. {@code inference-svc}
 * @param port       HTTP port on {@link LocalPorts#HOST}
 * @param managementPort port of the management interface on {@link LocalPorts#HOST}: health ({@code /q/health})
 *                   and metrics ({@code /q/metrics}); {@code QUARKUS_MANAGEMENT_PORT} in {@code env} sets it
 * @param jvmOptions JVM options, e.g. {@code -Xmx512m}
 * @param env        environment variables for the process
 */
public record ServiceSpec(String name, String module, int port, int managementPort, List<String> jvmOptions,
                          Map<String, String> env) {

    /** A process that serves health and metrics on its HTTP port (no management interface of its own). */
    public ServiceSpec(String name, String module, int port, List<String> jvmOptions, Map<String, String> env) {
        this(name, module, port, port, jvmOptions, env);
    }

    /** The Quarkus fast-jar launcher of the module under {@code repoRoot}. */
    public Path runnerJar(Path repoRoot) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The same spec with {@code extra} added to its environment. */
    public ServiceSpec withEnv(Map<String, String> extra) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(env);
        merged.putAll(extra);
        return new ServiceSpec(name, module, port, managementPort, jvmOptions, Map.copyOf(merged));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + LocalPorts.HOST + ":" + port;
    }

    /** {@code http://127.0.0.1:<managementPort>}: where {@code /q/health} and {@code /q/metrics} are. */
    public String managementUrl() {
        return "http://" + LocalPorts.HOST + ":" + managementPort;
    }
}
