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
 */
public record StackPorts(int kafka, int redis, int gateway, int dispatcher, int preprocess, int postprocess,
                         int inferenceBase) {

    /** Default of {@code BRAID_PORT_BASE}: the gateway's port. */
    public static final int DEFAULT_SERVICE_BASE = 8080;
    /** Offset of the first inference pool from the service base. */
    public static final int INFERENCE_OFFSET = 10;

    /** The README's ports: Kafka 9092, Redis 6379, gateway 8080, dispatcher 8081, preprocess 8082, postprocess 8083, inference 8090+. */
    public static StackPorts defaults() {
        return servicesFrom(9092, 6379, DEFAULT_SERVICE_BASE);
    }

    /** Every port chosen at start among the free ones. */
    public static StackPorts anyFree() {
        return new StackPorts(0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The defaults, changed by environment variables: {@code BRAID_PORT_BASE} moves every service port
     * (gateway = base, dispatcher = base + 1, preprocess + 2, postprocess + 3, inference pools from base + 10),
     * then {@code BRAID_KAFKA_PORT}, {@code BRAID_REDIS_PORT}, {@code BRAID_GATEWAY_PORT},
     * {@code BRAID_DISPATCHER_PORT}, {@code BRAID_PREPROCESS_PORT}, {@code BRAID_POSTPROCESS_PORT} and
     * {@code BRAID_INFERENCE_PORT} (first pool) set single ports.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a port number
     */
    public static StackPorts fromEnvironment(Map<String, String> env) {
        StackPorts base = servicesFrom(9092, 6379, port(env, "BRAID_PORT_BASE", DEFAULT_SERVICE_BASE));
        return new StackPorts(
                port(env, "BRAID_KAFKA_PORT", base.kafka),
                port(env, "BRAID_REDIS_PORT", base.redis),
                port(env, "BRAID_GATEWAY_PORT", base.gateway),
                port(env, "BRAID_DISPATCHER_PORT", base.dispatcher),
                port(env, "BRAID_PREPROCESS_PORT", base.preprocess),
                port(env, "BRAID_POSTPROCESS_PORT", base.postprocess),
                port(env, "BRAID_INFERENCE_PORT", base.inferenceBase));
    }

    private static StackPorts servicesFrom(int kafka, int redis, int base) {
        return new StackPorts(kafka, redis, base, base + 1, base + 2, base + 3, base + INFERENCE_OFFSET);
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
