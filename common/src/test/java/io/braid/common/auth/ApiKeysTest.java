package io.braid.common.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    private static final String TEAM_A_KEY = "key-of-team-a";

    private static String file(String tenantA) {
        return """
                tenants:
                  - name: team-a
                    keys: ["%s"]
                    pipelines: ["digits"]
                    maxPriority: 5
                    quota: {requestsPerSecond: 10, itemsPerSecond: 100.5, maxItemsInFlight: 2000}
                  - name: team-b
                    keys: ["%s"]
                    pipelines: ["*"]
                %s""".formatted(ApiKeys.hash(TEAM_A_KEY), ApiKeys.hash("key-of-team-b"), tenantA);
    }

    @Test
    void aKeyFindsItsTenantThroughItsHashAndAnUnknownKeyFindsNone() {
        ApiKeys keys = ApiKeys.parse(file(""), "tenants.yaml");
        Tenant a = keys.tenantOf(TEAM_A_KEY).orElseThrow();
        assertThat(a.name()).isEqualTo("team-a");
        assertThat(a.maxPriority()).isEqualTo(5);
        assertThat(a.quota()).isEqualTo(new Tenant.Quota(10, 100.5, 2000));
        assertThat(keys.tenantOf("key-of-team-b").orElseThrow().quota()).isEqualTo(Tenant.Quota.UNLIMITED);
        assertThat(keys.tenantOf("key-of-team-b").orElseThrow().maxPriority()).isEqualTo(ApiKeys.MAX_PRIORITY);
        assertThat(keys.tenantOf("no-such-key")).isEmpty();
        assertThat(keys.tenantOf("")).isEmpty();
        assertThat(keys.tenantOf(null)).isEmpty();
    }

    @Test
    void theHashIsSha256InLowercaseHex() {
        assertThat(ApiKeys.hash("test")).isEqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void aTenantMayUseOnlyItsPipelinesUnlessItHasAll() {
        ApiKeys keys = ApiKeys.parse(file(""), "tenants.yaml");
        assertThat(keys.tenantOf(TEAM_A_KEY).orElseThrow().mayUse("digits")).isTrue();
        assertThat(keys.tenantOf(TEAM_A_KEY).orElseThrow().mayUse("digits-first")).isFalse();
        assertThat(keys.tenantOf("key-of-team-b").orElseThrow().mayUse("anything")).isTrue();
    }

    @Test
    void aPlainKeyInTheFileIsRefusedSoThatNoUsableKeyIsEverStored() {
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: x, keys: [my-secret], pipelines: ['*']}]", "t.yaml"))
                .hasMessageContaining("t.yaml: tenant 'x'.keys: 'my-secret' is not sha256:<64 lowercase hex digits>");
    }

    @Test
    void mistakesNameTheFileTheTenantAndTheField() {
        String hash = ApiKeys.hash("k");
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: Team A, keys: ['" + hash + "'], pipelines: ['*']}]", "t.yaml"))
                .hasMessageContaining("t.yaml: tenants[0].name 'Team A' must be 1-63 of a-z, 0-9 and '-'");
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: a, keys: ['" + hash + "'], pipelines: ['*'], "
                + "maxPriorty: 3}]", "t.yaml")).hasMessageContaining("unknown field 'maxPriorty'");
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: a, keys: ['" + hash + "'], pipelines: []}]", "t.yaml"))
                .hasMessageContaining("tenant 'a'.pipelines must be a non-empty list");
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: a, keys: ['" + hash + "'], pipelines: ['*'], "
                + "quota: {itemsPerSecond: -1}}]", "t.yaml")).hasMessageContaining("tenant 'a'.quota.itemsPerSecond must be a number >= 0");
        assertThatThrownBy(() -> ApiKeys.parse("tenants: [{name: a, keys: ['" + hash + "'], pipelines: ['*'], "
                + "maxPriority: 12}]", "t.yaml")).hasMessageContaining("maxPriority must be an integer 0-9");
        assertThatThrownBy(() -> ApiKeys.parse("{}", "t.yaml")).hasMessageContaining("t.yaml: needs a list 'tenants'");
    }

    @Test
    void oneKeyCannotBelongToTwoTenants() {
        String twice = file("""
                  - name: team-c
                    keys: ["%s"]
                    pipelines: ["*"]
                """.formatted(ApiKeys.hash(TEAM_A_KEY)));
        assertThatThrownBy(() -> ApiKeys.parse(twice, "t.yaml"))
                .hasMessageContaining("tenant 'team-c'.keys: a key of tenant 'team-a' too");
    }
}
