package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.braid.common.auth.ApiKeys;
import io.braid.common.auth.Tenant;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's API keys in the chart: a tenants file of key hashes mounted from a Secret, and helm test's key. */
class GatewayAuthTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String HASH = "sha256:" + "ab".repeat(32);

    private static JsonNode gatewayContainer(Rendering r) {
        return r.find("Deployment", "demo-braid-gateway").orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static String sha256(String key) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theGatewayReadsItsTenantsFromAMountedSecretThatHoldsOnlyKeyHashes() throws Exception {
        Rendering r = HelmChart.render(null, "gateway:\n  auth:\n    tenants:\n      - {name: team-a, keys: [\"" + HASH
                + "\"], pipelines: [\"*\"]}\n");
        JsonNode gateway = gatewayContainer(r);
        assertThat(Rendering.env(gateway)).containsEntry("BRAID_GATEWAY_AUTH_ENABLED", "true")
                .containsEntry("BRAID_GATEWAY_AUTH_TENANTS_FILE", "/etc/braid/auth/tenants.yaml");
        assertThat(gateway.path("volumeMounts").findValuesAsText("mountPath")).contains("/etc/braid/auth");
        JsonNode tenants = YAML.readTree(r.find("Secret", "demo-braid-tenants").orElseThrow()
                .path("stringData").path("tenants.yaml").asText()).path("tenants");
        assertThat(tenants.findValuesAsText("name")).containsExactly("team-a", "helm-test");
        assertThat(tenants.get(0).path("keys").get(0).asText()).isEqualTo(HASH);
    }

    @Test
    void helmTestSendsAKeyWhoseHashIsATenantLimitedToTheTestPipeline() throws Exception {
        Rendering r = HelmChart.render(null);
        String key = r.find("Secret", "demo-braid-test-key").orElseThrow().path("stringData").path("api-key").asText();
        assertThat(key).hasSize(40);
        // the gateway's own parser reads the chart's file, and the key finds its tenant through its hash
        ApiKeys keys = ApiKeys.parse(r.find("Secret", "demo-braid-tenants").orElseThrow()
                .path("stringData").path("tenants.yaml").asText(), "tenants.yaml");
        Tenant tenant = keys.tenantOf(key).orElseThrow();
        assertThat(tenant.name()).isEqualTo("helm-test");
        assertThat(tenant.keyHashes()).containsExactly(sha256(key));
        assertThat(tenant.pipelines()).containsExactly("digits");
        assertThat(tenant.maxPriority()).isZero();
        JsonNode test = r.find("Pod", "demo-braid-test-submit-job").orElseThrow().path("spec").path("containers").get(0);
        assertThat(test.path("env").toString()).contains("\"name\":\"API_KEY\"", "\"name\":\"demo-braid-test-key\"");
        assertThat(test.path("args").get(0).asText()).contains("${auth:+-H \"$auth\"}");
    }

    @Test
    void withAuthOffNothingIsMountedAndTheGatewayIsTold() {
        Rendering r = HelmChart.render(null, "gateway:\n  auth: {enabled: false}\n");
        assertThat(Rendering.env(gatewayContainer(r))).containsEntry("BRAID_GATEWAY_AUTH_ENABLED", "false")
                .doesNotContainKey("BRAID_GATEWAY_AUTH_TENANTS_FILE");
        assertThat(r.find("Secret", "demo-braid-tenants")).isEmpty();
        JsonNode test = r.find("Pod", "demo-braid-test-submit-job").orElseThrow().path("spec").path("containers").get(0);
        assertThat(test.path("env").findValuesAsText("name")).doesNotContain("API_KEY");
    }

    @Test
    void anExistingTenantsSecretNeedsAKeyForHelmTestAndRefusesTenantsInValues() {
        assertThatThrownBy(() -> HelmChart.render(null, "gateway:\n  auth: {existingSecret: our-tenants}\n"))
                .hasMessageContaining("tests.apiKeySecret: with gateway.auth.existingSecret, name a Secret");
        assertThatThrownBy(() -> HelmChart.render(null, "gateway:\n  auth: {existingSecret: our-tenants, tenants: "
                + "[{name: a, keys: [\"" + HASH + "\"], pipelines: [\"*\"]}]}\ntests: {apiKeySecret: k}\n"))
                .hasMessageContaining("gateway.auth.tenants: the tenants come from gateway.auth.existingSecret");
        Rendering r = HelmChart.render(null, "gateway:\n  auth: {existingSecret: our-tenants}\ntests: {apiKeySecret: k}\n");
        assertThat(r.find("Secret", "demo-braid-tenants")).isEmpty();
        assertThat(r.find("Deployment", "demo-braid-gateway").orElseThrow().toString()).contains("our-tenants");
    }

    @Test
    void aPlainKeyInTheTenantsValuesIsRefusedByTheSchema() {
        assertThatThrownBy(() -> HelmChart.render(null, "gateway:\n  auth:\n    tenants:\n      - {name: a, keys: [my-key], "
                + "pipelines: [\"*\"]}\n")).hasMessageContaining("keys");
    }
}
