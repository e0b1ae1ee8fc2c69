package io.braid.common.wire;

/** One entry of a top-k list. */
public record LabelScore(String label, double probability) {
}
