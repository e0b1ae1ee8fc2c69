package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.tensor.Tensor;
import io.braid.common.wire.Step;
import io.braid.common.wire.Topics;
import io.braid.inference.engine.DjlModel;
import io.braid.postprocess.ops.Classify;
import io.braid.preprocess.ops.ImageToTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digits ensemble served end to end: gateway → dispatcher → preprocess → two inference pools
 * → postprocess → fan-in, every service its own process on a real KRaft broker and Redis.
 */
class DigitsPipelineSystemTest {
    private static final int JOB_SIZE = 50;
    private static Api api;
    private static Map<String, byte[]> digits;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        digits = HeldOutDigits.load(Stack.repoRoot());
    }

    @Test
    void everyHeldOutDigitIsServedByAllThreeModelsExactlyAsTheModelsComputeItInProcess() throws Exception {
        assertThat(digits).hasSizeGreaterThanOrEqualTo(200);
        List<String> jobIds = new ArrayList<>();
        List<String> names = new ArrayList<>(digits.keySet());
        for (int from = 0; from < names.size(); from += JOB_SIZE) {
            Map<String, byte[]> chunk = new LinkedHashMap<>();
            names.subList(from, Math.min(names.size(), from + JOB_SIZE)).forEach(n -> chunk.put(n, digits.get(n)));
            Api.Reply accepted = api.submit("digits", Api.jobBody(chunk), "");
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            assertThat(accepted.location()).endsWith("/v1/jobs/" + accepted.body().path("jobId").asText());
            jobIds.add(accepted.body().path("jobId").asText());
        }
        Expected expected = new Expected();
        int correct = 0;
        int items = 0;
        for (String jobId : jobIds) {
            JsonNode job = api.awaitTerminal(jobId, Duration.ofSeconds(180));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("progress").path("percent").asDouble()).isEqualTo(100.0);
            for (JsonNode item : job.path("result").path("items")) {
                items++;
                String id = item.path("id").asText();
                JsonNode branches = item.path("branches");
                assertThat(branches.size()).isEqualTo(3);
                for (String branch : List.of("mlp", "cnn", "lenet")) {
                    JsonNode b = branches.path(branch);
                    assertThat(b.path("status").asText()).isEqualTo("ok");
                    double[] served = Api.JSON.convertValue(b.path("output").path("probabilities"), double[].class);
                    assertThat(maxAbsDiff(served, expected.probabilities(branch, digits.get(id))))
                            .as("branch %s of %s", branch, id).isLessThanOrEqualTo(1e-5);
                }
                assertThat(item.path("output").path("topK").size()).isEqualTo(3);
                if (item.path("output").path("label").asText().equals(HeldOutDigits.label(id))) {
                    correct++;
                }
            }
        }
        assertThat(items).isEqualTo(digits.size());
        double accuracy = (double) correct / items;
        System.out.printf("served ensemble accuracy on the unseen font: %.4f (%d/%d)%n", accuracy, correct, items);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.97);
        expected.close();
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The same preprocessing, models and softmax, called in this JVM. */
    private static final class Expected implements AutoCloseable {
        private final PipelineDefinition pipeline;
        private final ModelRepository models;
        private final Map<String, DjlModel> loaded = new HashMap<>();
        private final Map<String, Function<List<Tensor>, List<Tensor>>> predictors = new HashMap<>();

        Expected() {
            Path root = Stack.repoRoot();
            models = ModelRepository.load(root.resolve("models"));
            pipeline = PipelineCatalog.load(root.resolve("pipelines"), models).find("digits").orElseThrow();
        }

        double[] probabilities(String branch, byte[] png) {
            String model = pipeline.branches().stream().filter(b -> b.name().equals(branch)).findFirst().orElseThrow().model();
            Function<List<Tensor>, List<Tensor>> predictor = predictors.computeIfAbsent(model, m -> {
                ModelSpec spec = models.find(m).orElseThrow();
                DjlModel djl = DjlModel.load(spec);
                loaded.put(m, djl);
                return djl.newInstance();
            });
            Step pre = new Step("preprocess", Topics.PREPROCESS, pipeline.preprocess().op(), pipeline.preprocess().params());
            Tensor logits = predictor.apply(List.of(ImageToTensor.apply(png, pre))).get(0);
            return Classify.softmax(logits.floats());
        }

        @Override
        public void close() {
            loaded.values().forEach(DjlModel::close);
        }
    }
}
