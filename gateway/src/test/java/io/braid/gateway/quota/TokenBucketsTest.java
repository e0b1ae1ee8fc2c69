package io.braid.gateway.quota;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The quota rule that lua/quota.lua applies in Redis, with a fake clock (milliseconds). */
class TokenBucketsTest {
    @Test
    void aTenantMayBurstOneSecondsWorthOfRequestsThenWaitsForTheNextToken() {
        TokenBuckets buckets = new TokenBuckets(4, 0, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(buckets.take(1, 0).allowed()).as("request %d", i).isTrue();
        }
        QuotaDecision refused = buckets.take(1, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.waitMs()).as("a token every 250 ms").isEqualTo(250);
        assertThat(buckets.take(1, 249).allowed()).isFalse();
        assertThat(buckets.take(1, 250).allowed()).isTrue();
    }

    @Test
    void itemsAreCountedPerJobAndABigJobPassesOnlyWithAFullBucketLeavingADebt() {
        TokenBuckets buckets = new TokenBuckets(0, 100, 0);
        assertThat(buckets.take(60, 0).allowed()).isTrue();
        QuotaDecision refused = buckets.take(60, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.waitMs()).as("20 more items at 100/s").isEqualTo(200);
        assertThat(buckets.take(60, 200).allowed()).isTrue();

        TokenBuckets fresh = new TokenBuckets(0, 100, 0);
        assertThat(fresh.take(300, 0).allowed()).as("bigger than a second's worth, on a full bucket").isTrue();
        QuotaDecision after = fresh.take(1, 1000);
        assertThat(after.allowed()).as("the debt of 200 items is paid first (100 of it by now)").isFalse();
        assertThat(after.waitMs()).isEqualTo(1010);
        assertThat(fresh.take(1, 2010).allowed()).isTrue();
    }

    @Test
    void aRefusedRequestTakesNothingAndBothLimitsMustPass() {
        TokenBuckets buckets = new TokenBuckets(10, 10, 0);
        assertThat(buckets.take(10, 0).allowed()).isTrue();
        QuotaDecision refused = buckets.take(5, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.requestsLeft()).as("the refused request took no request token").isEqualTo(9);
        assertThat(buckets.take(5, 500).allowed()).isTrue();
    }

    @Test
    void noRateMeansNoLimit() {
        TokenBuckets buckets = new TokenBuckets(0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(buckets.take(1000, 0).allowed()).isTrue();
        }
    }
}
