package io.braid.inference.http;

import io.braid.common.wire.BranchOutput.Usage;

/**
 * A chat model's answer.
 *
 * @param text         the assistant message's content (null when the remote sent none, e.g. only tool calls)
 * @param usage        the tokens the remote reported, or null
 * @param finishReason why the model stopped ({@code stop}, {@code length}, ...), or null
 */
public record ChatReply(String text, Usage usage, String finishReason) {
}
