package io.braid.gateway.quota;

/**
 * What a tenant's quota says about one request.
 *
 * @param allowed       whether it may go on (its tokens are taken)
 * @param waitMs        when refused, how long until a retry of the same request can pass
 * @param requestsLeft  whole request tokens left
 * @param itemsLeft     whole item tokens left
 */
public record QuotaDecision(boolean allowed, long waitMs, long requestsLeft, long itemsLeft) {
    /** The answer for a tenant without limits. */
    public static final QuotaDecision UNLIMITED = new QuotaDecision(true, 0, Long.MAX_VALUE, Long.MAX_VALUE);
}
