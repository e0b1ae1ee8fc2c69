package io.braid.inference.http;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The wire protocol a remote model speaks, with the name used for it in configuration. */
public enum HttpProtocol {
    /** OpenAI chat completions: {@code POST {url}/v1/chat/completions}. */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI embeddings: {@code POST {url}/v1/embeddings}. */
    OPENAI_EMBEDDINGS("openai-embeddings"),
    /** Open Inference Protocol v2 (KServe, Triton, ...): {@code POST {url}/v2/models/{model}/infer}. */
    OIP_V2("oip-v2");

    private final String apiName;

    HttpProtocol(String apiName) {
        this.apiName = apiName;
    }

    /** The name in configuration, e.g. {@code openai-chat}. */
    public String apiName() {
        return apiName;
    }

    /** The protocol with this configuration name; unknown names are an {@link IllegalArgumentException}. */
    public static HttpProtocol fromApiName(String name) {
        for (HttpProtocol p : values()) {
            if (p.apiName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown HTTP model protocol '" + name + "'; expected one of "
                + Arrays.stream(values()).map(HttpProtocol::apiName).collect(Collectors.joining(", ")));
    }

    /** The path of a call, relative to the base URL (no trailing slash on the base). */
    public String path(String remoteModel) {
        return switch (this) {
            case OPENAI_CHAT -> "/v1/chat/completions";
            case OPENAI_EMBEDDINGS -> "/v1/embeddings";
            case OIP_V2 -> "/v2/models/" + java.net.URLEncoder.encode(remoteModel, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20") + "/infer";
        };
    }

    @Override
    public String toString() {
        return apiName;
    }
}
