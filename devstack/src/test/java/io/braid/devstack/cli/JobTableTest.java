package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The job the recorded stream's {@code end} event carries. */
    static JsonNode finishedJob() throws IOException {
        List<SseParser.Event> events = new ArrayList<>();
        try (var in = JobTableTest.class.getResourceAsStream("/cli/digits-job.sse")) {
            new SseParser(events::add).readAll(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return JSON.readTree(events.get(events.size() - 1).data());
    }

    private static String print(java.util.function.Consumer<PrintStream> printer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        printer.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFinishedJobPrintsOneRowPerItemWithLabelTopThreeAndEveryBranch() throws IOException {
        JsonNode job = finishedJob();

        String out = print(o -> JobTable.job(job, o));

        assertThat(out.lines()).containsExactly(
                "job job-1  pipeline digits  PARTIAL  6/6 (100 %)  queued 10 ms  ran 600 ms  total 610 ms",
                "ITEM       STATUS   LABEL  TOP-3                      MLP        CNN            LENET",
                "7_000.png  partial  7      7 0.930  1 0.040  2 0.010  ok 7 12ms  error 30ms x3  ok 7 15ms",
                "3_000.png  ok       3      3 0.880  8 0.070  5 0.020  ok 3 11ms  ok 3 40ms      ok 3 14ms",
                "  7_000.png cnn: MODEL_ERROR boom");
    }

    @Test
    void aRunningJobPrintsItsStatusAndHowToFollowIt() throws IOException {
        JsonNode job = JSON.readTree("""
                {"jobId":"j2","pipeline":"digits","status":"RUNNING","progress":{"done":1,"total":3,"percent":33.3}}""");

        assertThat(print(o -> JobTable.job(job, o)).lines()).containsExactly(
                "job j2  pipeline digits  RUNNING  1/3 (33 %)", "(not finished; ./braid watch j2 follows it)");
    }

    @Test
    void topThreeComesFromProbabilitiesWhenThereIsNoTopK() throws IOException {
        assertThat(JobTable.topK(JSON.readTree("{\"probabilities\":[0.1,0.6,0.05,0.25]}"), 3))
                .isEqualTo("1 0.600  3 0.250  0 0.100");
    }

    @Test
    void pipelinesListTheirInputJoinReducerAndBranchTable() throws IOException {
        JsonNode answer = JSON.readTree("""
                {"pipelines":[{"name":"digits","description":"Three models\\n on each image","input":"image",
                  "branches":[{"name":"mlp","model":"digits-mlp","pool":"cpu-small"},
                              {"name":"lenet","model":"digits-lenet","pool":"cpu-small"}],
                  "join":{"policy":"quorum","quorum":2,"maxFailures":1,"deadlineMs":30000,"onTimeout":"partial"},
                  "reducer":"vote"}]}""");

        assertThat(print(o -> JobTable.pipelines(answer, o)).lines()).containsExactly(
                "digits  input image  join quorum 2, max failures 1, deadline 30000 ms, on timeout partial  reducer vote",
                "  Three models on each image",
                "  BRANCH  MODEL         POOL",
                "  mlp     digits-mlp    cpu-small",
                "  lenet   digits-lenet  cpu-small");
    }
}
