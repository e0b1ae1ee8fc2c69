package io.braid.common.pipeline;

import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinOverrideTest {
    private static final JoinSpec ALL = new JoinSpec(JoinPolicy.ALL, 1, 0, 30_000, OnTimeout.PARTIAL);

    @Test
    void unsetFieldsKeepThePipelinesSettings() {
        assertThat(new JoinOverride(null, null, null, null).applyTo(ALL, 3)).isEqualTo(ALL);
        assertThat(new JoinOverride(null, null, null, "fail").applyTo(ALL, 3).onTimeout()).isEqualTo(OnTimeout.FAIL);
    }

    @Test
    void switchingToQuorumTakesTheRequestsQuorumAndThePolicysDefaultTolerance() {
        JoinSpec spec = new JoinOverride("quorum", 2, null, null).applyTo(ALL, 3);
        assertThat(spec.policy()).isEqualTo(JoinPolicy.QUORUM);
        assertThat(spec.quorum()).isEqualTo(2);
        assertThat(spec.maxFailures()).isEqualTo(-1);
        assertThat(spec.deadlineMs()).isEqualTo(30_000);
    }

    @Test
    void invalidOverridesNameTheFieldAndTheReason() {
        assertThatThrownBy(() -> new JoinOverride("quorum", null, null, null).applyTo(ALL, 3))
                .hasMessage("join.quorum must be between 1 and the pipeline's 3 branches when join.policy is quorum");
        assertThatThrownBy(() -> new JoinOverride("quorum", 4, null, null).applyTo(ALL, 3))
                .hasMessageContaining("got 4");
        assertThatThrownBy(() -> new JoinOverride("majority", null, null, null).applyTo(ALL, 3))
                .hasMessage("join.policy 'majority' is not one of all, quorum, first");
        assertThatThrownBy(() -> new JoinOverride(null, null, -1, null).applyTo(ALL, 3))
                .hasMessageContaining("join.maxFailures must be >= 0");
    }
}
