package io.braid.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which service processes a stack runs and how: the gateway, the dispatcher, the two CPU stages and one
 * inference-svc per inference pool, each with the environment that points it at the stack's Kafka and Redis.
 */
public final class ServicePlan {
    /**
     * JVM options of every service but inference. A heap that ran out is broken (a thread may have died
     * halfway through anything): the JVM exits, like a pod that Kubernetes restarts, and the work it held
     * is redelivered; an {@code OutOfMemoryError} is never caught and retried as if it were transient.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
            "-Dai.djl.offline=true");
    /**
     * JVM options of pre-processing, which decodes images: concurrency (4) × pixel budget (16 Mpx) ×
     * up to 12 bytes per pixel must fit the heap.
     */
    public static final List<String> PREPROCESS_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
            "-Dai.djl.offline=true");
    /** JVM options of inference services, which hold the models. */
    public static final List<String> INFERENCE_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
            "-Dai.djl.offline=true");
    /** The Maven modules whose applications the stack runs. */
    public static final List<String> MODULES = List.of("gateway", "dispatcher", "preprocess-svc", "postprocess-svc",
            "inference-svc");
    /** Name prefix of the inference services: {@code inference-<pool>}. */
    public static final String INFERENCE_PREFIX = "inference-";
    /** Replica {@code r} (from 2) of a service listens on the first one's port + (r - 1) × this. */
    public static final int REPLICA_PORT_STEP = 100;
    /**
     * The instance's name, unique in the stack: its static Kafka group membership ({@code group.instance.id})
     * uses it, so a restarted process takes its partitions back at once (the pod name in Kubernetes).
     */
    public static final String INSTANCE_ENV = "BRAID_INSTANCE";
    /** The port of a service's management interface (health, metrics): {@code quarkus.management.port}. */
    public static final String MANAGEMENT_PORT_ENV = "QUARKUS_MANAGEMENT_PORT";

    private ServicePlan() {
    }

    /**
     * The services of a stack, in start order.
     *
     * @param repoRoot       the repository (for {@code models/} and {@code pipelines/})
     * @param ports          the HTTP port of every service by name, as {@link #configuredPorts} names them (no zeros)
     * @param managementPorts the management port (health, metrics) of every service by name (no zeros)
     * @param pools          inference pools, in name order
     * @param kafkaBootstrap {@code host:port} of Kafka
     * @param redisUri       {@code redis://host:port}
     * @param extraEnv       variables added to every service (after the stack's own)
     * @param replicas       processes per service: replica r from 2 is named {@code <service>-<r>}
     */
    public static List<ServiceSpec> of(Path repoRoot, Map<String, Integer> ports, Map<String, Integer> managementPorts,
                                       List<String> pools, String kafkaBootstrap, String redisUri,
                                       Map<String, String> extraEnv, int replicas) {
        String models = repoRoot.resolve("models").toAbsolutePath().toString();
        String pipelines = repoRoot.resolve("pipelines").toAbsolutePath().toString();
        Map<String, String> catalogs = Map.of("BRAID_MODELS_DIR", models, "BRAID_PIPELINES_DIR", pipelines);
        Map<String, String> stateful = new LinkedHashMap<>(catalogs);
        stateful.put("QUARKUS_REDIS_HOSTS", redisUri);
        List<ServiceSpec> specs = new ArrayList<>();
        Ports p = new Ports(ports, managementPorts);
        specs.add(spec("gateway", "gateway", p, DEFAULT_JVM_OPTIONS, kafkaBootstrap, extraEnv, stateful));
        specs.add(spec("dispatcher", "dispatcher", p, DEFAULT_JVM_OPTIONS, kafkaBootstrap, extraEnv, stateful));
        specs.add(spec("preprocess", "preprocess-svc", p, PREPROCESS_JVM_OPTIONS, kafkaBootstrap, extraEnv, Map.of()));
        specs.add(spec("postprocess", "postprocess-svc", p, DEFAULT_JVM_OPTIONS, kafkaBootstrap, extraEnv, Map.of()));
        for (String pool : pools) {
            Map<String, String> own = new LinkedHashMap<>(catalogs);
            own.put("BRAID_INFERENCE_POOL", pool);
            own.put("QUARKUS_REDIS_HOSTS", redisUri); // the pool's statistics (GET /v1/pools)
            specs.add(spec(INFERENCE_PREFIX + pool, "inference-svc", p, INFERENCE_JVM_OPTIONS, kafkaBootstrap,
                    extraEnv, own));
        }
        List<ServiceSpec> all = new ArrayList<>();
        for (ServiceSpec first : specs) {
            all.add(first);
            for (int r = 2; r <= replicas; r++) {
                all.add(replica(first, replicaName(first.name(), r), p));
            }
        }
        return List.copyOf(all);
    }

    /** The name of replica {@code r} (from 1) of a service: the service's own name for the first. */
    public static String replicaName(String service, int r) {
        return r == 1 ? service : service + "-" + r;
    }

    /** The HTTP and the management port of every service by name. */
    private record Ports(Map<String, Integer> http, Map<String, Integer> management) {
        int http(String name) {
            return required(http, name, "port");
        }

        int management(String name) {
            return required(management, name, "management port");
        }

        private static int required(Map<String, Integer> ports, String name, String what) {
            Integer port = ports.get(name);
            if (port == null || port == 0) {
                throw new IllegalArgumentException("no " + what + " for service " + name);
            }
            return port;
        }
    }

    private static ServiceSpec replica(ServiceSpec first, String name, Ports ports) {
        int port = ports.http(name);
        int management = ports.management(name);
        Map<String, String> env = new LinkedHashMap<>(first.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put(MANAGEMENT_PORT_ENV, Integer.toString(management));
        env.put(INSTANCE_ENV, name);
        return new ServiceSpec(name, first.module(), port, management, first.jvmOptions(), Map.copyOf(env));
    }

    /**
     * The HTTP port of every service as configured, in start order: pool {@code i} (in name order) gets
     * {@link StackPorts#inference(int)}; 0 means any free port.
     */
    public static Map<String, Integer> configuredPorts(StackPorts ports, List<String> pools, int replicas) {
        Map<String, Integer> firsts = configuredPorts(ports, pools);
        Map<String, Integer> byName = new LinkedHashMap<>();
        firsts.forEach((name, port) -> {
            for (int r = 1; r <= replicas; r++) {
                byName.put(replicaName(name, r), port == 0 ? 0 : port + (r - 1) * REPLICA_PORT_STEP);
            }
        });
        return byName;
    }

    /**
     * The management port (health, metrics) of every service as configured, named and ordered as
     * {@link #configuredPorts(StackPorts, List, int)}: the same layout from {@link StackPorts#managementBase()}.
     */
    public static Map<String, Integer> configuredManagementPorts(StackPorts ports, List<String> pools, int replicas) {
        return configuredPorts(ports.management(), pools, replicas);
    }

    /** As {@link #configuredPorts(StackPorts, List, int)} with one process per service. */
    public static Map<String, Integer> configuredPorts(StackPorts ports, List<String> pools) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        byName.put("gateway", ports.gateway());
        byName.put("dispatcher", ports.dispatcher());
        byName.put("preprocess", ports.preprocess());
        byName.put("postprocess", ports.postprocess());
        for (int i = 0; i < pools.size(); i++) {
            byName.put(INFERENCE_PREFIX + pools.get(i), ports.inference(i));
        }
        return byName;
    }

    private static ServiceSpec spec(String name, String module, Ports ports, List<String> jvmOptions,
                                    String kafkaBootstrap, Map<String, String> extraEnv, Map<String, String> own) {
        int port = ports.http(name);
        int management = ports.management(name);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("QUARKUS_HTTP_HOST", LocalPorts.HOST);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_HOST", LocalPorts.HOST);
        env.put(MANAGEMENT_PORT_ENV, Integer.toString(management));
        env.put(INSTANCE_ENV, name);
        env.putAll(own);
        env.putAll(extraEnv);
        return new ServiceSpec(name, module, port, management, jvmOptions, Map.copyOf(env));
    }

    /** The environment variable and flag that set a service's port, for error messages. */
    static String portHint(String service) {
        String key = service.startsWith(INFERENCE_PREFIX) ? "INFERENCE" : service.toUpperCase();
        String flag = service.startsWith(INFERENCE_PREFIX) ? "inference" : service;
        return "BRAID_" + key + "_PORT or --" + flag + "-port (or BRAID_PORT_BASE to move all service ports)";
    }

    /** The setting that moves a service's management port, for error messages. */
    static String managementPortHint() {
        return "BRAID_MANAGEMENT_PORT_BASE or --management-port-base";
    }
}
