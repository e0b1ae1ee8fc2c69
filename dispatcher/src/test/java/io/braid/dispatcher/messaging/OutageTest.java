package io.braid.dispatcher.messaging;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class OutageTest {
    @Test
    void aRefusedOrDroppedConnectionAnywhereInTheCausesIsAnOutage() {
        assertThat(Outage.isOutage(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(Outage.isOutage(new RuntimeException("wrapped", new IllegalStateException("Connection is closed"))))
                .isTrue();
    }

    @Test
    void redisLoadingItsDataAfterARestartIsAnOutage() {
        assertThat(Outage.isOutage(new RuntimeException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(Outage.isOutage(new RuntimeException("CLUSTERDOWN The cluster is down"))).isTrue();
    }

    @Test
    void aBadRecordOrABugIsNotAnOutage() {
        assertThat(Outage.isOutage(new IllegalArgumentException("item index 7 out of range"))).isFalse();
        assertThat(Outage.isOutage(new NullPointerException())).isFalse();
    }
}
