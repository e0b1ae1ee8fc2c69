package io.braid.devstack.tune;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TuneConfigTest {
    static final TuneConfig DEMO = new TuneConfig(Map.of(
            "mlp", new TuneConfig.Model("mlp", "small", 1, 1, 32, 5, 1024, 0),
            "cnn", new TuneConfig.Model("cnn", "small", 1, 1, 32, 5, 1024, 0),
            "idle", new TuneConfig.Model("idle", "small", 1, 1, 2, 30, 2, 0),
            "lenet", new TuneConfig.Model("lenet", "large", 1, 1, 32, 5, 256, 0)),
            "digits", List.of("mlp", "cnn", "lenet"), 32);

    @Test
    void theCurrentConfigurationCanRun() {
        assertThat(DEMO.refusals(2, 2)).isEmpty();
    }

    @Test
    void aPoolCountsInstancesTimesIntraOpThreadsOfAllItsModelsAgainstCoresTimesMaxPerCore() {
        TuneConfig more = DEMO.apply(List.of(Setting.parse("mlp.instances=2")));
        assertThat(more.busyThreads("small")).isEqualTo(4);
        assertThat(more.refusals(2, 2)).isEmpty();
        List<String> refused = DEMO.apply(List.of(Setting.parse("mlp.instances=3"))).refusals(2, 2);
        assertThat(refused).singleElement().asString().contains("pool small", "= 5", "mlp.instances=3",
                "2 cores x 2", "max-threads-per-core");
        assertThat(DEMO.apply(List.of(Setting.parse("mlp.instances=3"))).refusals(4, 2)).isEmpty();
    }

    @Test
    void threadsOfOneModelSetTheIntraOpThreadsOfItsWholePool() {
        TuneConfig threads = DEMO.apply(List.of(Setting.parse("cnn.threads=2")));
        assertThat(threads.intraOpThreads("small")).isEqualTo(2);
        assertThat(threads.busyThreads("small")).isEqualTo(6);
        assertThat(threads.refusals(2, 2)).singleElement().asString().contains("pool small", "threads=2");
        assertThat(DEMO.apply(List.of(Setting.parse("lenet.threads=2"))).refusals(2, 2)).isEmpty();
    }

    @Test
    void aBatchLargerThanItsQueueIsRefusedNamingTheModel() {
        assertThat(DEMO.apply(List.of(Setting.parse("lenet.maxBatchSize=512"))).refusals(2, 2)).singleElement()
                .asString().contains("lenet.maxBatchSize=512", "maxQueueSize 256");
    }

    @Test
    void itemsPerTaskAboveTheSmallestQueueOfThePipelinesModelsIsRefused() {
        TuneConfig config = DEMO.apply(List.of(Setting.parse("itemsPerTask=300")));
        assertThat(config.refusals(2, 2)).singleElement().asString().contains("itemsPerTask=300", "(256)");
        // 'idle' is in no branch of the pipeline: its tiny queue does not limit the pipeline's tasks
        assertThat(DEMO.apply(List.of(Setting.parse("itemsPerTask=200"))).refusals(2, 2)).isEmpty();
    }

    @Test
    void aSettingForAModelTheRepositoryDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> DEMO.apply(List.of(Setting.parse("resnet.instances=2"))))
                .hasMessageContaining("no model 'resnet'");
    }

    @Test
    void theProjectsDigitsPipelineLoadsWithItsPoolsAndRunsHere() {
        TuneConfig digits = TuneConfig.load(Path.of("../models"), Path.of("../pipelines"), "digits");
        assertThat(digits.pipelineModels()).containsExactly("digits-mlp", "digits-cnn", "digits-lenet");
        assertThat(digits.pipelinePools()).containsExactly("cpu-large", "cpu-small");
        assertThat(digits.refusals(2, 2)).isEmpty();
    }
}
