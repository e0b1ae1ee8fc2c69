package io.braid.devstack.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CLI command line: the command, its positional arguments, {@code --name value} / {@code --name=value}
 * options and {@code --switch}es, anywhere after the command; {@code --} ends the options.
 *
 * @param command     the first argument
 * @param positionals the other arguments that are not options
 * @param values      option values by name (without dashes)
 * @param switches    the switches given
 */
record CliArgs(String command, List<String> positionals, Map<String, String> values, Set<String> switches) {
    static final Set<String> OPTIONS = Set.of("url", "key", "deadline-ms", "priority", "idempotency-key", "timeout");
    static final Set<String> SWITCHES = Set.of("wait", "follow", "json", "help");

    /** Parses {@code args}; a usage {@link CliException} names an unknown option or one without its value. */
    static CliArgs parse(String[] args) {
        if (args.length == 0) {
            throw CliException.usage("no command");
        }
        List<String> positionals = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> switches = new HashSet<>();
        boolean optionsEnded = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("--") || arg.length() == 2) {
                if (arg.equals("--") && !optionsEnded) {
                    optionsEnded = true;
                } else {
                    positionals.add(arg);
                }
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw CliException.usage("--" + name + " takes no value");
                }
                switches.add(name);
            } else if (OPTIONS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw CliException.usage("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                throw CliException.usage("unknown option --" + name);
            }
        }
        return new CliArgs(args[0], List.copyOf(positionals), Map.copyOf(values), Set.copyOf(switches));
    }

    boolean has(String name) {
        return switches.contains(name);
    }

    String value(String name) {
        return values.get(name);
    }

    /** A non-negative whole number option, or null when absent. */
    Long number(String name, long min, long max) {
        String raw = values.get(name);
        if (raw == null) {
            return null;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
        }
    }

    /** Fails unless the options given are among {@code allowed} (plus --url, --key, --help). */
    void only(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name) && !name.equals("url") && !name.equals("key")) {
                throw CliException.usage(command + " takes no --" + name);
            }
        }
        for (String name : switches) {
            if (!allowed.contains(name) && !name.equals("help")) {
                throw CliException.usage(command + " takes no --" + name);
            }
        }
    }
}
