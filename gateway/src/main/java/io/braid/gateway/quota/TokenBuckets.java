package io.braid.gateway.quota;

/**
 * A tenant's request and item buckets: the rule of {@code lua/quota.lua} (which holds the state in Redis so
 * that every gateway replica shares it) in plain Java, to specify it and test it with a fake clock. Each
 * bucket holds at most one second's worth and refills continuously; a request takes one request token and
 * its items' tokens; a job with more items than a second's worth passes when the bucket is full and leaves
 * it in debt.
 */
public final class TokenBuckets {
    private final double requestsPerSecond;
    private final double itemsPerSecond;
    private double requests;
    private double items;
    private long lastMs;

    /** Full buckets at {@code nowMs}; a rate of 0 is unlimited. */
    public TokenBuckets(double requestsPerSecond, double itemsPerSecond, long nowMs) {
        this.requestsPerSecond = requestsPerSecond;
        this.itemsPerSecond = itemsPerSecond;
        this.requests = requestsPerSecond;
        this.items = itemsPerSecond;
        this.lastMs = nowMs;
    }

    /** Takes tokens for a request of {@code n} items at {@code nowMs}, or says how long to wait. */
    public QuotaDecision take(int n, long nowMs) {
        double dt = Math.max(0, nowMs - lastMs) / 1000.0;
        lastMs = Math.max(lastMs, nowMs);
        if (requestsPerSecond > 0) {
            requests = Math.min(requestsPerSecond, requests + dt * requestsPerSecond);
        }
        if (itemsPerSecond > 0) {
            items = Math.min(itemsPerSecond, items + dt * itemsPerSecond);
        }
        double wait = 0;
        if (requestsPerSecond > 0 && requests < 1) {
            wait = Math.max(wait, (1 - requests) / requestsPerSecond);
        }
        double need = Math.min(n, itemsPerSecond);
        if (itemsPerSecond > 0 && items < need) {
            wait = Math.max(wait, (need - items) / itemsPerSecond);
        }
        boolean allowed = wait == 0;
        if (allowed) {
            requests -= requestsPerSecond > 0 ? 1 : 0;
            items -= itemsPerSecond > 0 ? n : 0;
        }
        return new QuotaDecision(allowed, (long) Math.ceil(wait * 1000), (long) Math.floor(Math.max(requests, 0)),
                (long) Math.floor(Math.max(items, 0)));
    }
}
