package io.braid.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

    /**
     * The ports of every service process by name.
     *
     * @param http       HTTP (the API)
     * @param management the management interface (health, metrics)
     */
    record ServicePorts(Map<String, Integer> http, Map<String, Integer> management) {
    }

    /** The configured service and management ports (replicas included) with every 0 replaced by a distinct free port. */
    static ServicePorts resolvedServicePorts(DevStackSettings settings, List<String> pools) {
        Map<String, Integer> http = ServicePlan.configuredPorts(settings.ports(), pools, settings.replicas());
        Map<String, Integer> management = ServicePlan.configuredManagementPorts(settings.ports(), pools, settings.replicas());
        int zeros = (int) Stream.concat(http.values().stream(), management.values().stream()).filter(p -> p == 0).count();
        Iterator<Integer> free = LocalPorts.pickFree(zeros).iterator();
        http.replaceAll((name, port) -> port == 0 ? free.next() : port);
        management.replaceAll((name, port) -> port == 0 ? free.next() : port);
        return new ServicePorts(http, management);
    }

    /**
     * Fails before anything starts when two parts of the stack are configured on one port (e.g. a management
     * base that lands a service's management port on Kafka's), naming both and the settings that move them.
     */
    static void requireDistinctPorts(DevStackSettings settings, List<String> pools) {
        StackPorts p = settings.ports();
        Map<Integer, String> owners = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        java.util.function.BiConsumer<String, Integer> claim = (owner, port) -> {
            String other = port == 0 ? null : owners.putIfAbsent(port, owner);
            if (other != null) {
                clashes.add(other + " and " + owner + " are both on port " + port);
            }
        };
        claim.accept("kafka", p.kafka());
        claim.accept("redis", p.redis());
        ServicePlan.configuredPorts(p, pools, settings.replicas()).forEach(claim);
        ServicePlan.configuredManagementPorts(p, pools, settings.replicas()).forEach((name, port) ->
                claim.accept(name + " (management)", port));
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes) + ": move one with BRAID_KAFKA_PORT, "
                    + "BRAID_REDIS_PORT, BRAID_PORT_BASE, BRAID_<SERVICE>_PORT or " + ServicePlan.managementPortHint());
        }
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
            ServicePlan.configuredManagementPorts(p, pools, settings.replicas()).forEach((name, port) ->
                    LocalPorts.requireFree(name + " (management)", port, ServicePlan.managementPortHint()));
        }
    }
}
