package io.braid.devstack.tune;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One configuration to measure: the current one changed by {@code settings} (none for the baseline).
 *
 * @param name     a short name usable as a folder name, e.g. {@code c3}
 * @param settings the changes to the current configuration
 */
public record TuneCase(String name, List<Setting> settings) {
    public TuneCase {
        settings = List.copyOf(settings);
    }

    /** Whether this is the current configuration unchanged. */
    public boolean baseline() {
        return settings.isEmpty();
    }

    /** The changes as one line, {@code current} for the baseline. */
    public String describe() {
        return baseline() ? "current" : settings.stream().map(Setting::toString).collect(Collectors.joining(", "));
    }
}
