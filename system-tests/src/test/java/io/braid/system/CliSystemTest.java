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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
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

    /** The environment of a user's shell that names the stack's gateway and the development key. */
    private Map<String, String> shell() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString()); // no config file of the machine's user
        env.put("BRAID_URL", stack.gatewayUrl());
        env.put("BRAID_API_KEY", stack.apiKey());
        return env;
    }

    private static Run cliIn(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CliMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run cli(String... args) {
        return cliIn(shell(), args);
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
                    + " +ok +\\d +\\d [01]\\.\\d{3}  \\d [01]\\.\\d{3}  \\d [01]\\.\\d{3} +ok \\d \\d+ms +ok \\d \\d+ms +ok \\d \\d+ms");
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
    void submitFollowDrawsProgressPerBranchFromTheEventsToOneHundredPercentThenPrintsThePredictedLabels() {
        // 24 held-out digits of every label (<label>_<n>.png), rendered in a font no model saw
        List<String> files = IntStream.range(0, 24).mapToObj(i -> digits.get(i * 12)).toList();

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
        Pattern row = Pattern.compile("^(\\d)_\\d{3}\\.png +ok +(\\d) ", Pattern.MULTILINE);
        Matcher rows = row.matcher(result);
        int count = 0;
        int correct = 0;
        while (rows.find()) {
            count++;
            correct += rows.group(1).equals(rows.group(2)) ? 1 : 0;
        }
        assertThat(count).as(result).isEqualTo(24);
        assertThat(correct).as("rows whose LABEL is the digit in the file's name\n" + result).isGreaterThanOrEqualTo(22);
    }

    @Test
    void submitFollowJsonPrintsOnlyTheFinishedJobOnStdoutAndTheProgressOnStderr() throws IOException {
        List<String> files = digits.subList(150, 154);

        Run run = cli(args(List.of("submit", "digits"), files, "--follow", "--json", "--timeout", "120"));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        JsonNode job = Api.JSON.readTree(run.out());
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("items").findValuesAsText("id"))
                .containsExactly("5_000.png", "5_001.png", "5_002.png", "5_003.png");
        assertThat(run.err().lines().toList()).isNotEmpty().last().asString().contains("SUCCEEDED  12/12 tasks (100.0 %)");
    }

    @Test
    void watchOfAFinishedJobPrintsItsEndAtOnceAndTheSameResultAsGet() {
        Run submitted = cli(args(List.of("submit", "digits"), digits.subList(30, 32), "--wait", "--timeout", "60"));
        assertThat(submitted.status()).as(submitted.out() + submitted.err()).isZero();
        String jobId = submitted.out().substring(4, submitted.out().indexOf(' ', 4));

        long started = System.nanoTime();
        Run watched = cli("watch", jobId, "--timeout", "30");

        assertThat(watched.status()).as(watched.out() + watched.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        String progress = watched.out().substring(0, watched.out().indexOf("\n\n"));
        assertThat(progress.lines().toList()).last().asString().startsWith("job " + jobId + "  SUCCEEDED  6/6 tasks (100.0 %)");
        assertThat(watched.out()).endsWith("\n\n" + cli("get", jobId).out());
    }

    @Test
    void anUnknownJobIsAnHttpErrorSayingSoForGetWatchAndCancel() {
        for (String command : List.of("get", "watch", "cancel")) {
            Run run = cli(command, "no-such-job");

            assertThat(run.status()).as(command + ": " + run.err()).isEqualTo(ExitCode.HTTP);
            assertThat(run.err()).as(command).contains("answered 404").contains("job 'no-such-job' does not exist");
            assertThat(run.out()).as(command).isEmpty();
        }
    }

    @Test
    void theGatewayAndKeyComeFromTheConfigFileTheEnvironmentOverridesItAndTheFlagsOverrideBoth() throws IOException {
        Path config = home.resolve(".config/braid/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "url=" + stack.gatewayUrl() + "\nkey=" + stack.apiKey() + "\n");
        Map<String, String> bare = Map.of("HOME", home.toString());

        assertThat(cliIn(bare, "pipelines").status()).as("url and key from ~/.config/braid/config").isZero();

        Files.writeString(config, "url=" + stack.gatewayUrl() + "\nkey=braid_not-a-key\n");
        Run wrongKey = cliIn(bare, "pipelines");
        assertThat(wrongKey.status()).isEqualTo(ExitCode.HTTP);
        assertThat(wrongKey.err()).contains("answered 401");
        assertThat(cliIn(Map.of("HOME", home.toString(), "BRAID_API_KEY", stack.apiKey()), "pipelines").status())
                .as("BRAID_API_KEY over the file's key").isZero();

        Map<String, String> env = shell();
        env.put("BRAID_URL", "http://127.0.0.1:1");
        assertThat(cliIn(env, "pipelines").status()).as("BRAID_URL over the file's url").isEqualTo(ExitCode.ERROR);
        assertThat(cliIn(env, "pipelines", "--url", stack.gatewayUrl()).status()).as("--url over BRAID_URL").isZero();
        assertThat(cliIn(shell(), "pipelines", "--key", "braid_not-a-key").status()).as("--key over BRAID_API_KEY")
                .isEqualTo(ExitCode.HTTP);
    }

    @Test
    void gatewayErrorsExitThreeWithTheProblemDetailOnStderr() throws IOException {
        Path image = Path.of(digits.get(0));

        Run unknown = cli("submit", "no-such-pipeline", image.toString());
        assertThat(unknown.status()).isEqualTo(ExitCode.HTTP);
        assertThat(unknown.err()).contains("answered 404").contains("pipeline 'no-such-pipeline' does not exist");

        Run badKey = cli("pipelines", "--key", "not-a-key");
        assertThat(badKey.status()).isEqualTo(ExitCode.HTTP);
        assertThat(badKey.err()).contains("answered 401");

        Path notAnImage = Files.writeString(home.resolve("notes.png"), "not a png");
        Run notImage = cli("submit", "digits", notAnImage.toString(), "--wait");
        assertThat(notImage.status()).isEqualTo(ExitCode.HTTP);
        assertThat(notImage.err()).contains("answered 400").contains("notes.png");
        assertThat(unknown.out() + badKey.out() + notImage.out()).isEmpty();
    }
}
