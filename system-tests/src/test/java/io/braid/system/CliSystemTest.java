package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import io.braid.devstack.cli.CliMain;
import io.braid.devstack.cli.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI ({@code ./braid submit|get|watch|cancel|pipelines}) end to end against the stack's gateway: its main
 * class runs in this JVM with the gateway URL and the development key in its environment, as a user's shell
 * would give them; the test reads what it prints and its exit status.
 */
class CliSystemTest {
    private static DevStack stack;
    private static List<String> digits;

    @TempDir
    Path home;

    /** What one CLI run printed and how it exited. */
    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void startStack() throws IOException {
        stack = Stack.get();
        try (Stream<Path> files = Files.list(Stack.repoRoot().resolve("models/digits-heldout"))) {
            digits = files.filter(p -> p.toString().endsWith(".png")).sorted().map(Path::toString).toList();
        }
    }

    private Run cli(String key, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString()); // no config file of the machine's user
        env.put("BRAID_URL", stack.gatewayUrl());
        env.put("BRAID_API_KEY", key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CliMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run cli(String... args) {
        return cli(stack.apiKey(), args);
    }

    private static String[] args(List<String> head, List<String> files, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(files);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void pipelinesListsTheDigitsPipelineWithItsBranchesModelsAndJoinPolicy() {
        Run run = cli("pipelines");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("digits  input image  join all, deadline 30000 ms, on timeout partial  reducer mean")
                .containsPattern("\n  mlp +digits-mlp +\\S+\n  cnn +digits-cnn +\\S+\n  lenet +digits-lenet +\\S+");
        JsonNode json = Api.JSON.createObjectNode();
        try {
            json = Api.JSON.readTree(cli("pipelines", "--json").out());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(json.path("pipelines").findValuesAsText("name")).contains("digits", "digits-quorum");
    }

    @Test
    void submitWaitPrintsOneRowPerFileWithLabelTopThreeAndEveryBranchAndExitsZero() throws IOException {
        List<String> files = List.of(digits.get(0), digits.get(100), digits.get(200));

        Run run = cli(args(List.of("submit", "digits"), files, "--wait", "--timeout", "60"));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("^job \\S+  pipeline digits  SUCCEEDED  9/9 \\(100 %\\)")
                .containsPattern("\nITEM +STATUS +LABEL +TOP-3 +MLP +CNN +LENET\n");
        for (String file : files) {
            String id = Path.of(file).getFileName().toString();
            assertThat(run.out()).containsPattern(id.replace(".", "\\.")
                    + " +ok +\\d +\\d 0\\.\\d{3}  \\d 0\\.\\d{3}  \\d 0\\.\\d{3} +ok \\d \\d+ms +ok \\d \\d+ms +ok \\d \\d+ms");
        }
        String jobId = run.out().substring(4, run.out().indexOf(' ', 4));

        Run get = cli("get", jobId);
        assertThat(get.status()).isZero();
        assertThat(get.out()).isEqualTo(run.out());
        Run json = cli("get", jobId, "--json");
        assertThat(Api.JSON.readTree(json.out()).path("result").path("items").findValuesAsText("id"))
                .containsExactly("0_000.png", Path.of(digits.get(100)).getFileName().toString(),
                        Path.of(digits.get(200)).getFileName().toString());
    }

    @Test
    void submitPrintsTheJobIdAndCancelEndsTheJobWhichGetThenReportsAsCancelled() throws InterruptedException {
        // 80 images on the pipeline with the compute-heavy branch: long enough to cancel while it runs
        Run submitted = cli(args(List.of("submit", "digits-deadline"), digits.subList(0, 80), "--deadline-ms", "60000"));
        assertThat(submitted.status()).as(submitted.err()).isZero();
        String jobId = submitted.out().strip();
        assertThat(jobId).matches("[\\w-]+");

        Run cancelled = cli("cancel", jobId);

        assertThat(cancelled.status()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).containsPattern("job " + jobId + " .*(CANCELLED|cancel requested)");
        Run finished = Api.poll(() -> cli("get", jobId), r -> r.status() != ExitCode.NOT_FINISHED, Duration.ofSeconds(30));
        assertThat(finished.status()).as(finished.out()).isEqualTo(ExitCode.CANCELLED);
        assertThat(finished.out()).startsWith("job " + jobId + "  pipeline digits-deadline  CANCELLED")
                .containsPattern("\\bcancelled\\b");

        Run again = cli("cancel", jobId);
        assertThat(again.status()).isEqualTo(ExitCode.HTTP);
        assertThat(again.err()).contains("answered 409 Conflict: job '" + jobId + "' already finished CANCELLED");
    }

    @Test
    void submitFollowDrawsProgressPerBranchFromTheEventsThenPrintsTheResult() {
        List<String> files = digits.subList(0, 24);

        Run run = cli(args(List.of("submit", "digits"), files, "--follow", "--timeout", "120"));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        String progress = run.out().substring(0, run.out().indexOf("\n\n"));
        assertThat(progress.lines()).allSatisfy(line -> assertThat(line).startsWith("job "));
        assertThat(progress.lines().toList()).last().asString()
                .contains("SUCCEEDED  72/72 tasks (100.0 %)")
                .contains(" | mlp 24/24 100 %  done").contains(" | cnn 24/24 100 %  done")
                .contains(" | lenet 24/24 100 %  done");
        String result = run.out().substring(run.out().indexOf("\n\n") + 2);
        assertThat(result).containsPattern("^job \\S+  pipeline digits  SUCCEEDED  72/72");
        assertThat(result.lines().filter(l -> l.matches("\\d_\\d{3}\\.png +ok .*"))).hasSize(24);
    }

    @Test
    void gatewayErrorsExitThreeWithTheProblemDetailOnStderr() throws IOException {
        Path image = Path.of(digits.get(0));

        Run unknown = cli("submit", "no-such-pipeline", image.toString());
        assertThat(unknown.status()).isEqualTo(ExitCode.HTTP);
        assertThat(unknown.err()).contains("answered 404").contains("pipeline 'no-such-pipeline' does not exist");

        Run badKey = cli("not-a-key", "pipelines");
        assertThat(badKey.status()).isEqualTo(ExitCode.HTTP);
        assertThat(badKey.err()).contains("answered 401");

        Path notAnImage = Files.writeString(home.resolve("notes.png"), "not a png");
        Run notImage = cli("submit", "digits", notAnImage.toString(), "--wait");
        assertThat(notImage.status()).isEqualTo(ExitCode.HTTP);
        assertThat(notImage.err()).contains("answered 400").contains("notes.png");
        assertThat(unknown.out() + badKey.out() + notImage.out()).isEmpty();
    }
}
