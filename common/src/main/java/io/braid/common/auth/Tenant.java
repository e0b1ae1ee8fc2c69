package io.braid.common.auth;

import java.util.Set;

/**
 * A team that shares the Braid: its API keys (as hashes), the pipelines it may use, the highest priority it
 * may ask for and its quotas.
 *
 * @param name        e.g. {@code team-a}
 * @param keyHashes   {@code sha256:<hex>} of each API key ({@link ApiKeys#hash(String)})
 * @param pipelines   the pipelines it may use; {@code *} for all
 * @param maxPriority the highest {@code priority} its jobs may ask for
 * @param quota       its limits
 */
public record Tenant(String name, Set<String> keyHashes, Set<String> pipelines, int maxPriority, Quota quota) {
    /** Every pipeline. */
    public static final String ALL_PIPELINES = "*";

    public Tenant {
        keyHashes = Set.copyOf(keyHashes);
        pipelines = Set.copyOf(pipelines);
    }

    /** Whether this tenant may submit to {@code pipeline}. */
    public boolean mayUse(String pipeline) {
        return pipelines.contains(ALL_PIPELINES) || pipelines.contains(pipeline);
    }

    /**
     * A tenant's limits; 0 means unlimited.
     *
     * @param requestsPerSecond submits per second (a token bucket holding one second's worth)
     * @param itemsPerSecond    input items per second (same)
     * @param maxItemsInFlight  items of its jobs that are accepted and not finished
     */
    public record Quota(double requestsPerSecond, double itemsPerSecond, int maxItemsInFlight) {
        /** No limit. */
        public static final Quota UNLIMITED = new Quota(0, 0, 0);
    }
}
