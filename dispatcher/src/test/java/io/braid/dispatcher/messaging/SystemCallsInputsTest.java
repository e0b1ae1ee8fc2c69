package io.braid.dispatcher.messaging;

import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.dispatcher.plan.AgentPipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inputs a job keeps in Redis for its synthesis prompt. */
class SystemCallsInputsTest {
    @TempDir
    Path root;

    private static JobRequest job(String... texts) {
        return new JobRequest("j", "p", java.util.Arrays.stream(texts)
                .map(t -> new JobItem("id-" + t, "text/plain", t.getBytes())).toList(), 1000, 0, 1);
    }

    @Test
    void aSynthesisJobKeepsEveryItemsTextAPlanJobItsOneInputAndOthersNothing() {
        AgentPipelines agents = new AgentPipelines(root);
        assertThat(SystemCalls.inputs(job("x", "y"), agents.synthesis())).containsExactly(
                java.util.Map.entry("0", "x"), java.util.Map.entry("1", "y"));
        assertThat(SystemCalls.inputs(job("split me"), agents.plan())).containsExactly(java.util.Map.entry("job", "split me"));
        PipelineDefinition s = agents.synthesis();
        PipelineDefinition plain = new PipelineDefinition(s.name(), null, s.input(), null, s.branches(), null, s.join(),
                s.reducer(), s.retry(), s.itemsPerTask());
        assertThat(SystemCalls.inputs(job("x"), plain)).isEmpty();
    }
}
