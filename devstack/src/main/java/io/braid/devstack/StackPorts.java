package io.braid.devstack;

import java.util.Map;

/**
 * The ports of one stack, all on {@link LocalPorts#HOST}. A port of 0 means "any free port",
 * chosen when that part starts; {@link #anyFree()} gives a stack that cannot collide with a running
 * {@code ./braid up}.
 *
 * @param kafka         Kafka broker (client listener)
 * @param redis         Redis
 * @param gateway       gateway HTTP
 * @param dispatcher    dispatcher HTTP
 * @param preprocess    preprocess-svc HTTP
 * @param postprocess   postprocess-svc HTTP
 * @param inferenceBase HTTP port of the first inference pool; pool {@code i} (in name order) gets base + i
 * @param managementBase the gateway's management interface (health, metrics); every other service's management
 *                       port sits at the same offset from it as its HTTP port from the gateway's (dispatcher + 1,
 *                       preprocess + 2, postprocess + 3, inference pools + 10 ...)
 */
public record StackPorts(int kafka, int redis, int gateway, int dispatcher, int preprocess, int postprocess,
                         int inferenceBase, int managementBase) {

    /** Default of {@code BRAID_PORT_BASE}: the gateway's port. */
    public static final int DEFAULT_SERVICE_BASE = 8080;
    /** Offset of the first inference pool from the service base. */
    public static final int INFERENCE_OFFSET = 10;
    /**
     * Default distance of the management base from the service base: 8080 gives 9000 (Quarkus' own default),
     * a range of its own that neither the HTTP ports (base .. base + 10 + pools, replicas up to + 800) nor Kafka's
     * 9092 (pool 82) reach; {@link StackPreflight} still refuses any two parts configured on one port.
     */
    public static final int MANAGEMENT_OFFSET = 920;

    /** As the canonical constructor, with the management base at {@link #MANAGEMENT_OFFSET} from the gateway (0 stays 0). */
    public StackPorts(int kafka, int redis, int gateway, int dispatcher, int preprocess, int postprocess,
                      int inferenceBase) {
        this(kafka, redis, gateway, dispatcher, preprocess, postprocess, inferenceBase,
                gateway == 0 ? 0 : gateway + MANAGEMENT_OFFSET);
    }

    /**
     * The README's ports: Kafka 9092, Redis 6379, gateway 8080, dispatcher 8081, preprocess 8082, postprocess 8083,
     * inference 8090+; their management interfaces 9000, 9001, 9002, 9003, 9010+.
     */
    public static StackPorts defaults() {
        return servicesFrom(9092, 6379, DEFAULT_SERVICE_BASE);
    }

    /** Every port chosen at start among the free ones. */
    public static StackPorts anyFree() {
        return new StackPorts(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The defaults, changed by environment variables: {@code BRAID_PORT_BASE} moves every service port
     * (gateway = base, dispatcher = base + 1, preprocess + 2, postprocess + 3, inference pools from base + 10),
     * then {@code BRAID_KAFKA_PORT}, {@code BRAID_REDIS_PORT}, {@code BRAID_GATEWAY_PORT},
     * {@code BRAID_DISPATCHER_PORT}, {@code BRAID_PREPROCESS_PORT}, {@code BRAID_POSTPROCESS_PORT} and
     * {@code BRAID_INFERENCE_PORT} (first pool) set single ports. The management ports start at
     * {@code BRAID_MANAGEMENT_PORT_BASE}, by default {@code BRAID_PORT_BASE} + {@value #MANAGEMENT_OFFSET}.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a port number
     */
    public static StackPorts fromEnvironment(Map<String, String> env) {
        int serviceBase = port(env, "BRAID_PORT_BASE", DEFAULT_SERVICE_BASE);
        StackPorts base = servicesFrom(9092, 6379, serviceBase);
        int managementBase = port(env, "BRAID_MANAGEMENT_PORT_BASE", serviceBase + MANAGEMENT_OFFSET);
        if (managementBase > 65535) {
            throw new IllegalArgumentException("BRAID_PORT_BASE=" + serviceBase + " puts the management ports above 65535;"
                    + " set BRAID_MANAGEMENT_PORT_BASE");
        }
        return new StackPorts(
                port(env, "BRAID_KAFKA_PORT", base.kafka),
                port(env, "BRAID_REDIS_PORT", base.redis),
                port(env, "BRAID_GATEWAY_PORT", base.gateway),
                port(env, "BRAID_DISPATCHER_PORT", base.dispatcher),
                port(env, "BRAID_PREPROCESS_PORT", base.preprocess),
                port(env, "BRAID_POSTPROCESS_PORT", base.postprocess),
                port(env, "BRAID_INFERENCE_PORT", base.inferenceBase),
                managementBase);
    }

    private static StackPorts servicesFrom(int kafka, int redis, int base) {
        return new StackPorts(kafka, redis, base, base + 1, base + 2, base + 3, base + INFERENCE_OFFSET,
                base == 0 ? 0 : base + MANAGEMENT_OFFSET);
    }

    /** The mock model server's port: the gateway's + 9 (8089 by default); 0 (a free one) when the gateway's is 0. */
    public int mockModels() {
        return gateway == 0 ? 0 : gateway + 9;
    }

    /**
     * The management ports, in the shape of service ports: its {@link #gateway()}, {@link #dispatcher()} ... are the
     * management ports of those services (all 0 when {@link #managementBase()} is 0: chosen at start).
     */
    public StackPorts management() {
        return managementBase == 0 ? anyFree() : servicesFrom(kafka, redis, managementBase);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(raw.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + raw + "' is not a port number (0-65535)");
        }
    }

    /** The HTTP port of the inference pool at {@code index} (pools in name order); 0 when chosen at start. */
    public int inference(int index) {
        return inferenceBase == 0 ? 0 : inferenceBase + index;
    }
}
