package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static final String HALF = """
            {"done":3,"total":6,"percent":50.0,"branches":{"mlp":{"done":2,"total":2},"cnn":{"done":1,"total":2},
             "lenet":{"done":0,"total":2}},"eta":{"ms":1200,"at":1764547201100}}""";

    @Test
    void aTerminalGetsOneBarPerBranchWithDoneTotalPercentAndEtaRedrawnInPlace() throws IOException {
        ProgressView view = new ProgressView("job-1", out, true, clock::get);
        view.status(json("{\"status\":\"RUNNING\",\"at\":1}"));
        clock.addAndGet(1000);
        view.progress(json(HALF));

        assertThat(view.lines()).containsExactly(
                "job job-1  RUNNING  3/6 tasks (50.0 %)  ETA 1.2 s",
                "  mlp    [========================]  2/2 100 %  done",
                "  cnn    [============>           ]  1/2  50 %  ETA 1.0 s",
                "  lenet  [>                       ]  0/2   0 %  ETA 1.2 s");
        String frames = printed();
        assertThat(frames).contains("\u001b[1F\u001b[2Kjob job-1  RUNNING  3/6 tasks").contains("\u001b[2K  lenet");
    }

    @Test
    void theJobsEtaCountsDownBetweenProgressEvents() throws IOException {
        ProgressView view = new ProgressView("job-1", out, true, clock::get);
        view.progress(json(HALF));
        clock.addAndGet(700);

        assertThat(view.lines().get(0)).endsWith("ETA 0.5 s");
    }

    @Test
    void withoutATerminalPlainLinesArePrintedWhenSomethingChangedAtMostOnceASecond() throws IOException {
        ProgressView view = new ProgressView("job-1", out, false, clock::get);
        view.status(json("{\"status\":\"RUNNING\"}"));
        view.progress(json(HALF));                     // 0 ms after the status line: held back
        view.branch(json("{\"branch\":\"lenet\",\"status\":\"timeout\"}"));
        clock.addAndGet(999);
        view.progress(json(HALF));                     // still within the second
        assertThat(printed().lines()).containsExactly("job job-1  RUNNING");

        clock.addAndGet(1);
        view.item(json("{\"item\":\"a\",\"status\":\"partial\"}"));
        view.finish();                                  // nothing new since the last line
        assertThat(printed().lines()).hasSize(2).last().asString()
                .startsWith("job job-1  RUNNING  4/6 tasks (66.7 %)  items 1 partial  ETA")
                .contains(" | mlp 2/2 100 %  done | cnn 1/2  50 %  ETA")
                .contains(" | lenet 1/2  50 %  ETA").endsWith("1 timeout")
                .doesNotContain("\u001b");
    }

    @Test
    void theHeadCountsTheBranchesWhenTheyRunAheadOfTheJobsCounterAndAnEtaOfZeroWithWorkLeftYieldsToTheirRate()
            throws IOException {
        ProgressView view = new ProgressView("job-1", out, true, clock::get);
        view.status(json("{\"status\":\"RUNNING\"}"));
        clock.addAndGet(2000);
        view.progress(json("""
                {"done":0,"total":6,"percent":0.0,"branches":{"mlp":{"done":2,"total":2},"cnn":{"done":1,"total":2},
                 "lenet":{"done":0,"total":2}},"eta":{"ms":0,"at":1764547201100}}"""));

        assertThat(view.lines()).containsExactly(
                "job job-1  RUNNING  3/6 tasks (50.0 %)  ETA 2.0 s",
                "  mlp    [========================]  2/2 100 %  done",
                "  cnn    [============>           ]  1/2  50 %  ETA 2.0 s",
                "  lenet  [>                       ]  0/2   0 %  ETA 2.0 s");
    }

    @Test
    void branchEventsCountBeforeAnyProgressArrivedAndAFinishedJobShowsNoEta() throws IOException {
        ProgressView view = new ProgressView("job-1", out, false, clock::get);
        view.branch(json("{\"branch\":\"mlp\",\"status\":\"ok\"}"));
        view.branch(json("{\"branch\":\"mlp\",\"status\":\"ok\"}"));
        view.status(json("{\"status\":\"SUCCEEDED\"}"));

        assertThat(view.lines()).containsExactly("job job-1  SUCCEEDED", "  mlp  [                        ]  2/?");
        assertThat(printed().lines()).last().asString().isEqualTo("job job-1  SUCCEEDED | mlp 2/?");
    }

    @Test
    void durationsReadAsSecondsOrMinutes() {
        assertThat(ProgressView.duration(1234)).isEqualTo("1.2 s");
        assertThat(ProgressView.duration(45_600)).isEqualTo("45 s");
        assertThat(ProgressView.duration(185_000)).isEqualTo("3 min 5 s");
    }
}
