package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (headless Chromium, see {@link Chromium}) against the system-test stack: sign in,
 * the pipelines, a digits job submitted by file upload followed to 100 % and its predicted label, the jobs list and
 * its filter, the pools, and a long job cancelled from its page. Every page is saved as a screenshot under
 * {@code system-tests/target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static DevStack stack;
    private static ChromeDriver browser;
    private static Path shots;
    private static Path digits;

    @BeforeAll
    static void openConsole() throws Exception {
        browser = Chromium.start(1280, 1000);
        stack = Stack.get();
        shots = Stack.repoRoot().resolve("system-tests/target/console-screenshots");
        Files.createDirectories(shots);
        digits = Stack.repoRoot().resolve("models/digits-heldout");
        browser.get(stack.gatewayUrl() + "/console/");
        WebElement key = waitFor(By.id("api-key"));
        shoot("sign-in");
        key.sendKeys(stack.apiKey());
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        waitFor(By.cssSelector("section[data-pipeline='digits'] svg"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSignedInUserSeesEveryPipelineWithItsBranchesJoinAndGraph() throws Exception {
        go("#/pipelines");
        WebElement digitsCard = waitFor(By.cssSelector("section[data-pipeline='digits']"));
        assertThat(digitsCard.getText()).contains("digits-mlp", "digits-cnn", "digits-lenet", "cpu-small", "cpu-large",
                "mean", "30.0 s");
        assertThat(digitsCard.findElement(By.tagName("svg")).getAttribute("aria-label"))
                .contains("branches mlp (digits-mlp on pool cpu-small)", "reducer mean");
        assertThat(browser.findElements(By.cssSelector("section[data-pipeline]"))).hasSizeGreaterThanOrEqualTo(6);
        shoot("pipelines");
    }

    @Test
    void aDigitsJobSubmittedByFileUploadReachesFullProgressAndShowsThePredictedLabel() throws Exception {
        String jobId = submitFromPage("digits", List.of(digits.resolve("7_000.png")), null);
        WebElement progress = waitFor(By.id("job-progress"));
        new WebDriverWait(browser, WAIT).until(d -> "100".equals(progress.getAttribute("aria-valuenow")));
        assertThat(browser.findElement(By.id("job-percent")).getText()).startsWith("100 %");
        WebElement label = waitFor(By.cssSelector("#result-table tr[data-item='7_000.png'] .reduced-label"));
        JsonNode job = new Api(stack.gatewayUrl()).get("/v1/jobs/" + jobId).body();
        String predicted = job.path("result").path("items").path(0).path("output").path("label").asText();
        assertThat(label.getText()).as("the label the page shows is the job's prediction").isEqualTo(predicted)
                .matches("[0-9]");
        assertThat(browser.findElements(By.cssSelector("#result-table td[data-branch-status='ok']"))).hasSize(3);
        assertThat(browser.findElement(By.id("stage-timings")).getText()).contains("mlp", "cnn", "lenet");
        shoot("job");
    }

    @Test
    void theJobsListShowsTheTenantsRecentJobsAndFiltersThemByStatus() throws Exception {
        Api api = new Api(stack.gatewayUrl());
        String body = Api.jobBody(java.util.Map.of("one", Files.readAllBytes(digits.resolve("3_000.png"))));
        String jobId = api.submit("digits", body, "?wait=30").body().path("jobId").asText();
        String status = api.awaitTerminal(jobId, WAIT).path("status").asText();
        go("#/jobs");
        WebElement row = waitFor(By.cssSelector("tr[data-job='" + jobId + "']"));
        assertThat(row.getText()).contains(status, "digits");
        shoot("jobs");
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("FAILED".equals(status) ? "CANCELLED" : "FAILED");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("tr[data-job='" + jobId + "']"), 0));
        new Select(browser.findElement(By.id("filter-status"))).selectByValue(status);
        waitFor(By.cssSelector("tr[data-job='" + jobId + "']"));
        assertThat(browser.getCurrentUrl()).contains("status=" + status);
    }

    @Test
    void thePoolsPageShowsEachPoolsQueueThroughputAndBatchSizes() throws Exception {
        new Api(stack.gatewayUrl()).awaitTerminal(new Api(stack.gatewayUrl()).submit("digits",
                Api.jobBody(java.util.Map.of("p", Files.readAllBytes(digits.resolve("1_000.png")))), "?wait=30")
                .body().path("jobId").asText(), WAIT);
        go("#/pools");
        WebElement mlp = waitFor(By.cssSelector("section[data-pool='cpu-small'] tr[data-model='digits-mlp']"));
        // the pool reports every 2 s and the page reads every 3 s: wait until it shows the batches run
        new WebDriverWait(browser, WAIT).until(d -> !browser.findElements(
                By.cssSelector("section[data-pool='cpu-small'] tr[data-model='digits-mlp'] svg.bars")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("section[data-pool='cpu-small'] tr[data-model='digits-mlp'] .queue-length"))
                .getText()).matches("\\d+ / \\d+");
        assertThat(browser.findElement(By.cssSelector("section[data-pool='cpu-large']")).getText()).contains("heavy-cnn");
        assertThat(mlp.isDisplayed()).isTrue();
        shoot("pools");
    }

    @Test
    void aLongJobIsCancelledFromItsPageWhileItRuns() throws Exception {
        List<Path> many;
        try (Stream<Path> files = Files.list(digits)) {
            many = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(80).collect(Collectors.toList());
        }
        submitFromPage("digits-deadline", many, 60000L);
        WebElement status = waitFor(By.id("job-status"));
        new WebDriverWait(browser, WAIT).until(d -> "RUNNING".equals(status.getAttribute("data-status")));
        waitFor(By.cssSelector("#job-tree table.tree tbody tr"));
        shoot("job-running");
        browser.findElement(By.id("cancel-job")).click();
        new WebDriverWait(browser, WAIT).until(d -> "CANCELLED".equals(status.getAttribute("data-status")));
        assertThat(browser.findElement(By.id("cancel-job")).isDisplayed()).as("no cancel for a finished job").isFalse();
        waitFor(By.cssSelector("#result-table td[data-branch-status='cancelled']"));
        shoot("job-cancelled");
    }

    /** Submits images through the submit page's file input; answers the job id of the job page it moves to. */
    private static String submitFromPage(String pipeline, List<Path> images, Long deadlineMs) throws Exception {
        go("#/submit?pipeline=" + pipeline);
        new Select(waitFor(By.id("pipeline"))).selectByValue(pipeline);
        browser.findElement(By.id("images")).sendKeys(images.stream().map(Path::toString).collect(Collectors.joining("\n")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("images-count"),
                images.size() + " image(s) chosen" + (images.size() > 60 ? " (first 60 shown)." : ".")));
        if (deadlineMs != null) {
            browser.findElement(By.id("deadline")).sendKeys(Long.toString(deadlineMs));
        }
        shoot("submit-" + pipeline);
        browser.findElement(By.id("submit-job")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("#/job/"));
        String url = browser.getCurrentUrl();
        return url.substring(url.indexOf("#/job/") + "#/job/".length());
    }

    private static void go(String hash) {
        browser.get(stack.gatewayUrl() + "/console/" + hash);
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void shoot(String name) throws Exception {
        Files.write(shots.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

}
