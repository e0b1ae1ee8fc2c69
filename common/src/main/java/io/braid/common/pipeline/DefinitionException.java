package io.braid.common.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline or model definition that cannot be used; lists every violation found. */
public class DefinitionException extends RuntimeException {
    private final List<Violation> violations;

    public DefinitionException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("\n  ", "invalid definition:\n  ", "")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
