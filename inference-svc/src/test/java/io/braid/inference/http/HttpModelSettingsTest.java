package io.braid.inference.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpModelSettingsTest {
    private final HttpModelSettings chat = HttpModelSettings.of("chat-a", HttpProtocol.OPENAI_CHAT, "http://localhost:8089/");

    @Test
    void theRemoteModelDefaultsToTheNameAndTheBaseUrlLosesItsTrailingSlash() {
        assertThat(chat.remoteModel()).isEqualTo("chat-a");
        assertThat(chat.url()).isEqualTo("http://localhost:8089");
        assertThat(chat.apiKey()).isNull();
        assertThat(chat.withApiKey("  ").apiKey()).isNull();
    }

    @Test
    void eachProtocolPostsToItsOwnPath() {
        assertThat(chat.endpoint()).hasToString("http://localhost:8089/v1/chat/completions");
        assertThat(HttpModelSettings.of("e", HttpProtocol.OPENAI_EMBEDDINGS, "https://api.example.com/base").endpoint())
                .hasToString("https://api.example.com/base/v1/embeddings");
        assertThat(HttpModelSettings.of("r", HttpProtocol.OIP_V2, "http://kserve:8080").withRemoteModel("resnet 50").endpoint())
                .hasToString("http://kserve:8080/v2/models/resnet%2050/infer");
    }

    @Test
    void protocolsAreNamedInConfigurationByTheirApiNames() {
        assertThat(HttpProtocol.fromApiName("openai-chat")).isEqualTo(HttpProtocol.OPENAI_CHAT);
        assertThat(HttpProtocol.fromApiName("OPENAI-EMBEDDINGS")).isEqualTo(HttpProtocol.OPENAI_EMBEDDINGS);
        assertThat(HttpProtocol.fromApiName("oip-v2")).isEqualTo(HttpProtocol.OIP_V2);
        assertThatThrownBy(() -> HttpProtocol.fromApiName("grpc"))
                .hasMessageContaining("unknown HTTP model protocol 'grpc'")
                .hasMessageContaining("openai-chat, openai-embeddings, oip-v2");
    }

    @Test
    void invalidSettingsAreRefusedWithAMessageNamingTheModelAndTheSetting() {
        assertThatThrownBy(() -> HttpModelSettings.of(" ", HttpProtocol.OPENAI_CHAT, "http://x"))
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> HttpModelSettings.of("m", null, "http://x")).hasMessage("HTTP model 'm': protocol is missing");
        assertThatThrownBy(() -> HttpModelSettings.of("m", HttpProtocol.OPENAI_CHAT, "localhost:8089"))
                .hasMessageContaining("HTTP model 'm': url must be an absolute http(s) URL");
        assertThatThrownBy(() -> HttpModelSettings.of("m", HttpProtocol.OPENAI_CHAT, "http://x?a=b"))
                .hasMessageContaining("must not carry a query");
        assertThatThrownBy(() -> chat.withLimits(0, 1_000)).hasMessage("HTTP model 'chat-a': maxConcurrency must be >= 1, got 0");
        assertThatThrownBy(() -> chat.withLimits(4, 0)).hasMessageContaining("timeoutMs must be >= 1");
        assertThatThrownBy(() -> chat.withRetry(0, 10, 100)).hasMessageContaining("maxAttempts must be >= 1");
        assertThatThrownBy(() -> chat.withRetry(3, 500, 100)).hasMessageContaining("maxBackoffMs must be >= 500, got 100");
        assertThatThrownBy(() -> chat.withBreaker(0, 100)).hasMessageContaining("breakerFailures must be >= 1");
        assertThatThrownBy(() -> chat.withBreaker(3, 0)).hasMessageContaining("breakerOpenMs must be >= 1");
        assertThatThrownBy(() -> chat.withMaxBatchSize(0)).hasMessageContaining("maxBatchSize must be >= 1");
        assertThatThrownBy(() -> chat.withGeneration(0, null)).hasMessageContaining("maxTokens must be >= 1");
        assertThatThrownBy(() -> chat.withGeneration(null, 2.5)).hasMessageContaining("temperature must be within [0, 2]");
        assertThatThrownBy(() -> chat.withGeneration(null, Double.NaN)).hasMessageContaining("temperature");
    }

    @Test
    void theApiKeyNeverAppearsInToString() {
        assertThat(chat.withApiKey("sk-secret").toString()).doesNotContain("sk-secret").contains("apiKey=***");
    }
}
