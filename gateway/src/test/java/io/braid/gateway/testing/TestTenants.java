package io.braid.gateway.testing;

import io.braid.common.auth.ApiKeys;

/**
 * The tenants of the gateway tests, with their keys (the file holds only their hashes, as in production):
 * <ul>
 *   <li>{@code team-a}: pipelines {@code digits} and {@code digits-first}, priority ceiling 5, generous rates;</li>
 *   <li>{@code team-b}: every pipeline, ceiling 9, no quota;</li>
 *   <li>{@code metered}: {@code digits} only, 2 requests and 5 items per second, for the quota arithmetic
 *       (no other test submits as it, so its buckets are what the quota tests made them);</li>
 *   <li>{@code bounded}: {@code digits} only, at most 3 items in flight.</li>
 * </ul>
 */
public final class TestTenants {
    public static final String TEAM_A = "team-a";
    public static final String TEAM_A_KEY = "test-key-of-team-a";
    public static final int TEAM_A_MAX_PRIORITY = 5;
    public static final String TEAM_B = "team-b";
    public static final String TEAM_B_KEY = "test-key-of-team-b";
    public static final String METERED = "metered";
    public static final String METERED_KEY = "test-key-of-metered";
    public static final int METERED_REQUESTS_PER_SECOND = 2;
    public static final int METERED_ITEMS_PER_SECOND = 5;
    public static final String BOUNDED = "bounded";
    public static final String BOUNDED_KEY = "test-key-of-bounded";
    public static final int BOUNDED_MAX_ITEMS_IN_FLIGHT = 3;
    /** The /v2 tests' tenants: alpha may use everything up to priority 5; beta only digits, 1 item per second. */
    public static final String ALPHA_KEY = "braid_test_alpha_key_0123456789";
    public static final String BETA_KEY = "braid_test_beta_key_0123456789";

    private TestTenants() {
    }

    static String file() {
        return """
                tenants:
                  - name: %s
                    keys: ["%s"]
                    pipelines: ["digits", "digits-first"]
                    maxPriority: %d
                    quota: {requestsPerSecond: 1000, itemsPerSecond: 100000}
                  - name: %s
                    keys: ["%s"]
                    pipelines: ["*"]
                  - name: %s
                    keys: ["%s"]
                    pipelines: ["digits"]
                    quota: {requestsPerSecond: %d, itemsPerSecond: %d}
                  - name: %s
                    keys: ["%s"]
                    pipelines: ["digits"]
                    quota: {maxItemsInFlight: %d}
                  - name: alpha
                    keys: ["%s"]
                    pipelines: ["*"]
                    maxPriority: 5
                  - name: beta
                    keys: ["%s"]
                    pipelines: ["digits"]
                    quota: {itemsPerSecond: 1}
                """.formatted(TEAM_A, ApiKeys.hash(TEAM_A_KEY), TEAM_A_MAX_PRIORITY, TEAM_B, ApiKeys.hash(TEAM_B_KEY),
                METERED, ApiKeys.hash(METERED_KEY), METERED_REQUESTS_PER_SECOND, METERED_ITEMS_PER_SECOND,
                BOUNDED, ApiKeys.hash(BOUNDED_KEY), BOUNDED_MAX_ITEMS_IN_FLIGHT,
                ApiKeys.hash(ALPHA_KEY), ApiKeys.hash(BETA_KEY));
    }
}
