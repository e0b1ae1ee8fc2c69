package io.braid.system;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium and chromedriver for the console's browser test, headless. Found on the PATH (or at
 * {@code BRAID_CHROMIUM} and {@code BRAID_CHROMEDRIVER}); when missing and this JVM runs as root with apt-get,
 * installed with {@code apt-get update && apt-get install -y chromium chromium-driver}; otherwise the test is
 * skipped with a message saying so (a JUnit assumption). Selenium Manager is never asked to download a driver.
 */
final class Chromium {
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long INSTALL_MINUTES = 15;

    private Chromium() {
    }

    /** A headless browser with a window of the given size; skips the calling test when none can be had. */
    static ChromeDriver start(int width, int height) {
        Optional<Path> browser = find("BRAID_CHROMIUM", BROWSERS);
        Optional<Path> driver = find("BRAID_CHROMEDRIVER", List.of("chromedriver"));
        if (browser.isEmpty() || driver.isEmpty()) {
            install();
            browser = find("BRAID_CHROMIUM", BROWSERS);
            driver = find("BRAID_CHROMEDRIVER", List.of("chromedriver"));
        }
        Assumptions.assumeTrue(browser.isPresent() && driver.isPresent(),
                "no Chromium/chromedriver after installing them (apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void install() {
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        boolean apt = find(null, List.of("apt-get")).isPresent();
        Assumptions.assumeTrue(root && apt, "the console's browser test needs Chromium and chromedriver: install them "
                + "(Debian: apt-get install -y chromium chromium-driver) or set BRAID_CHROMIUM and BRAID_CHROMEDRIVER; "
                + "this JVM cannot install them (" + (root ? "" : "not root") + (root || apt ? "" : ", ")
                + (apt ? "" : "no apt-get") + ")");
        System.out.println("[console test] installing chromium and chromium-driver with apt-get (once per machine)");
        String out = run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                + "apt-get install -y -qq chromium chromium-driver"));
        if (find(null, List.of("chromedriver")).isEmpty()) {
            Assumptions.abort("apt-get could not install chromium and chromium-driver: "
                    + out.substring(Math.max(0, out.length() - 2000)));
        }
    }

    private static Optional<Path> find(String env, List<String> names) {
        if (env != null && System.getenv(env) != null && Files.isExecutable(Path.of(System.getenv(env)))) {
            return Optional.of(Path.of(System.getenv(env)));
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/sbin:/bin";
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
