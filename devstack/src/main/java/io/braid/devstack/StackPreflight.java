package io.braid.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What a {@link DevStack} checks before it starts anything: models, built applications, free ports. */
final class StackPreflight {
    private StackPreflight() {
    }

    static void requirePools(DevStackSettings settings, List<String> pools) {
        if (pools.isEmpty()) {
            throw new IllegalStateException("no inference pools: " + settings.repoRoot().resolve("models")
                    + " holds no <model>/model.yaml");
        }
    }

    /** Fails before anything starts when a service's application is not built. */
    static void requireBuiltServices(DevStackSettings settings) {
        List<String> missing = new ArrayList<>();
        for (String module : ServicePlan.MODULES) {
            Path jar = settings.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built: " + String.join(", ", missing)
                    + "; run ./mvnw install -DskipTests (./braid up does this)");
        }
    }

    /** The configured service ports (replicas included) with every 0 replaced by a distinct free port. */
    static Map<String, Integer> resolvedServicePorts(DevStackSettings settings, List<String> pools) {
        Map<String, Integer> ports = ServicePlan.configuredPorts(settings.ports(), pools, settings.replicas());
        int zeros = (int) ports.values().stream().filter(p -> p == 0).count();
        Iterator<Integer> free = LocalPorts.pickFree(zeros).iterator();
        ports.replaceAll((name, port) -> port == 0 ? free.next() : port);
        return ports;
    }

    /**
     * Fails naming the port and the setting that moves it when one is taken.
     *
     * @param infra    whether Kafka's and Redis' ports are checked (not yet started)
     * @param services whether the services' ports are checked
     */
    static void requireFreePorts(DevStackSettings settings, List<String> pools, boolean infra, boolean services) {
        StackPorts p = settings.ports();
        if (infra) {
            LocalPorts.requireFree("kafka", p.kafka(), "BRAID_KAFKA_PORT or --kafka-port");
            LocalPorts.requireFree("redis", p.redis(), "BRAID_REDIS_PORT or --redis-port");
        }
        if (services) {
            ServicePlan.configuredPorts(p, pools, settings.replicas()).forEach((name, port) ->
                    LocalPorts.requireFree(name, port, ServicePlan.portHint(name)));
        }
    }
}
