package io.braid.inference.http;

import io.braid.common.wire.BranchOutput.Usage;

import java.util.List;

/**
 * The vectors of an embeddings request, in input order.
 *
 * @param vectors one vector per input text, in the order of the inputs
 * @param usage   the tokens the remote reported, summed over the calls, or null when no call reported any
 */
public record Embeddings(List<float[]> vectors, Usage usage) {
}
