package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.gateway.mapping.JobView;
import io.braid.gateway.rest.ApiProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = List.of("a", "b", "c");

    private static OipModel model(PipelineDefinition.Reducer reducer) {
        PipelineDefinition p = new PipelineDefinition("p", null, "image",
                new PipelineDefinition.Operator("image-to-tensor", Map.of()),
                List.of(new PipelineDefinition.Branch("one", "m", null), new PipelineDefinition.Branch("two", "m", null)),
                new PipelineDefinition.Operator("classify", Map.of()),
                new PipelineDefinition.JoinSpec(PipelineDefinition.JoinPolicy.ALL, 1, 1, 1000,
                        PipelineDefinition.OnTimeout.PARTIAL), reducer, PipelineDefinition.Retry.DEFAULT, 32);
        return new OipModel("p", p, false, LABELS);
    }

    private static JobView job(String status, String result) {
        return new JobView("j1", "p", status, null, null, null, result, null);
    }

    private static String item(int index, String output, String branches) {
        return "{\"id\":\"" + index + "\",\"index\":" + index + ",\"status\":\"ok\",\"output\":" + output
                + ",\"branches\":" + branches + "}";
    }

    private static final String OK_BRANCHES = "{\"one\":{\"status\":\"ok\"},\"two\":{\"status\":\"ok\"}}";

    @Test
    @SuppressWarnings("unchecked")
    void aFinishedJobBecomesLabelConfidenceAndRowMajorProbabilitiesInInputOrder() {
        String result = "{\"items\":[" + item(1, "{\"label\":\"a\",\"probabilities\":[0.7,0.2,0.1],"
                + "\"topK\":[{\"label\":\"a\",\"probability\":0.7}]}", OK_BRANCHES) + ","
                + item(0, "{\"label\":\"c\",\"probabilities\":[0.1,0.3,0.6],\"topK\":[]}", OK_BRANCHES) + "]}";
        OipModel m = model(PipelineDefinition.Reducer.MEAN);

        Map<String, Object> r = InferResponse.of(JSON, m, "req", InferResponse.selected(m, List.of()), "j1",
                job("SUCCEEDED", result));

        assertThat(r).containsEntry("model_name", "p").containsEntry("model_version", "1").containsEntry("id", "req");
        assertThat(r.get("parameters")).isEqualTo(Map.of("braid_job_id", "j1", "braid_status", "SUCCEEDED"));
        List<Map<String, Object>> out = (List<Map<String, Object>>) r.get("outputs");
        assertThat(out).extracting(o -> o.get("name")).containsExactly("label", "confidence", "probabilities");
        assertThat(out.get(0)).containsEntry("datatype", "BYTES").containsEntry("shape", List.of(2))
                .containsEntry("data", List.of("c", "a"));
        assertThat(out.get(1)).containsEntry("datatype", "FP32").containsEntry("data", List.of(0.6, 0.7));
        assertThat(out.get(2)).containsEntry("shape", List.of(2, 3))
                .containsEntry("data", List.of(0.1, 0.3, 0.6, 0.7, 0.2, 0.1));
    }

    @Test
    void onlyKnownOutputsMayBeRequestedAndAPipelineWithoutReducedOutputIsRefused() {
        OipModel best = model(PipelineDefinition.Reducer.BEST);
        assertThat(InferResponse.selected(best, List.of())).containsExactly("label", "confidence");
        assertThatThrownBy(() -> InferResponse.selected(best, List.of("probabilities")))
                .hasMessageContaining("unknown output 'probabilities'");
        assertThatThrownBy(() -> InferResponse.selected(model(PipelineDefinition.Reducer.COLLECT), List.of()))
                .hasMessageContaining("reducer collect");
    }

    private static int status(String jobStatus, String result) {
        try {
            InferResponse.of(JSON, model(PipelineDefinition.Reducer.MEAN), null, List.of("label"), "j1",
                    job(jobStatus, result));
            return 200;
        } catch (ApiProblem p) {
            assertThat(p.getMessage()).contains("j1");
            return p.status();
        }
    }

    @Test
    void aJobWithAnItemWithoutOutputFailsTheWholeRequestWithAStatusByCause() {
        String failed = "{\"one\":{\"status\":\"error\",\"error\":{\"code\":\"%s\",\"message\":\"m\"}},"
                + "\"two\":{\"status\":\"%s\"}}";
        String ok = item(0, "{\"label\":\"a\"}", OK_BRANCHES);
        assertThat(status("SUCCEEDED", "{\"items\":[" + ok + "]}")).isEqualTo(200);
        assertThat(status("PARTIAL", "{\"items\":[" + ok + "," + item(1, "null",
                failed.formatted("BAD_INPUT", "skipped")) + "]}")).as("the input's fault").isEqualTo(400);
        assertThat(status("FAILED", "{\"items\":[" + item(0, "null",
                failed.formatted("INFERENCE_FAILED", "skipped")) + "]}")).isEqualTo(500);
        assertThat(status("PARTIAL", "{\"items\":[" + item(0, "null",
                failed.formatted("BAD_INPUT", "timeout")) + "]}")).as("a branch timed out").isEqualTo(504);
        assertThat(status("EXPIRED", null)).isEqualTo(504);
        assertThat(status("RUNNING", null)).as("the wait ended first").isEqualTo(504);
        assertThat(status("CANCELLED", null)).isEqualTo(500);
    }
}
