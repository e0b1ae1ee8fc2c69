package io.braid.common.pipeline;

/** One problem in a definition file: where it is and what is wrong. */
public record Violation(String file, String field, String reason) {
    @Override
    public String toString() {
        return file + ": " + field + ": " + reason;
    }
}
