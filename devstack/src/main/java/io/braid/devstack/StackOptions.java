package io.braid.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link StackMain}: a command, then {@code --name value} or {@code --name=value} options
 * and {@code --switch}es. Port options override the matching {@code BRAID_*_PORT} variables.
 *
 * @param command  the first argument, e.g. {@code serve}
 * @param values   option values by name (without dashes)
 * @param switches the switches given
 */
public record StackOptions(String command, Map<String, String> values, Set<String> switches) {
    private static final Map<String, String> PORT_OPTIONS = Map.of(
            "kafka-port", "BRAID_KAFKA_PORT",
            "redis-port", "BRAID_REDIS_PORT",
            "gateway-port", "BRAID_GATEWAY_PORT",
            "dispatcher-port", "BRAID_DISPATCHER_PORT",
            "preprocess-port", "BRAID_PREPROCESS_PORT",
            "postprocess-port", "BRAID_POSTPROCESS_PORT",
            "inference-port", "BRAID_INFERENCE_PORT",
            "port-base", "BRAID_PORT_BASE",
            "management-port-base", "BRAID_MANAGEMENT_PORT_BASE");
    private static final Set<String> OTHER_OPTIONS = Set.of("ready-timeout", "replicas", "key", "home", "repo", "gateway",
            "images", "jobs", "per-job", "pipeline", "wait", "timeout", "job", "html");
    private static final Set<String> SWITCHES = Set.of("no-services");

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming an unknown option or one without a value
     */
    public static StackOptions parse(String[] args) {
        if (args.length == 0) {
            return new StackOptions("help", Map.of(), Set.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> switches = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (SWITCHES.contains(name) && value == null) {
                switches.add(name);
            } else if (PORT_OPTIONS.containsKey(name) || OTHER_OPTIONS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new StackOptions(args[0], Map.copyOf(values), Set.copyOf(switches));
    }

    /** The option's value, or {@code fallback}. */
    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The option's value as a positive integer, or {@code fallback}. */
    public int intValue(String name, int fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a positive integer, got '" + raw + "'");
        }
    }

    /** Whether the switch was given. */
    public boolean has(String switchName) {
        return switches.contains(switchName);
    }

    /** The ports: the defaults, changed by {@code BRAID_*} variables in {@code env}, then by port options. */
    public StackPorts ports(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>(env);
        PORT_OPTIONS.forEach((option, variable) -> {
            if (values.containsKey(option)) {
                merged.put(variable, values.get(option));
            }
        });
        return StackPorts.fromEnvironment(merged);
    }

    /** The folder for logs, work files and the state file: {@code --home}, {@code BRAID_HOME} or {@code <repo>/.braid}. */
    public Path home(Path repoRoot, Map<String, String> env) {
        String raw = value("home", env.get("BRAID_HOME"));
        return raw == null || raw.isBlank() ? repoRoot.resolve(".braid") : Path.of(raw).toAbsolutePath();
    }
}
