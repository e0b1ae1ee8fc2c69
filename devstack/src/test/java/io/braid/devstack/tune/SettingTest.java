package io.braid.devstack.tune;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingTest {

    @Test
    void aModelKnobNamesTheModelAndAPipelineKnobNamesNone() {
        assertThat(Setting.parse("digits-lenet.instances=2")).isEqualTo(new Setting("digits-lenet", "instances", 2));
        assertThat(Setting.parse(" itemsPerTask = 8 ")).isEqualTo(new Setting(Setting.PIPELINE, "itemsPerTask", 8));
        assertThat(Setting.parse("itemsPerTask=8").toString()).isEqualTo("itemsPerTask=8");
        assertThat(Setting.parseAll("a.maxBatchSize=4,a.maxBatchDelayMs=0")).hasSize(2);
    }

    @Test
    void anUnknownKnobOrAValueThatIsNoPositiveIntegerIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Setting.parse("digits-mlp.batch=4")).hasMessageContaining("digits-mlp.batch=4")
                .hasMessageContaining("unknown knob 'batch'");
        assertThatThrownBy(() -> Setting.parse("itemsPerTask=many")).hasMessageContaining("itemsPerTask=many");
        assertThatThrownBy(() -> Setting.parse("digits-mlp.instances=0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Setting.parse("instances")).hasMessageContaining("needs '=<value>'");
        assertThat(Setting.parse("m.maxBatchDelayMs=0").value()).isZero();
    }
}
