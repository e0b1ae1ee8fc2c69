package io.braid.devstack.cli;

import io.braid.devstack.StackState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliSettingsTest {
    @TempDir
    Path dir;
    Path repo;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void isolate() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        env.put("HOME", dir.resolve("home").toString());
    }

    private void config(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void localStack(String gatewayUrl, String key) throws IOException {
        Path keyFile = repo.resolve(".braid/work/auth/dev-key");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, key + "\n");
        // this JVM stands in for the stack's process: the state names a live pid
        new StackState(ProcessHandle.current().pid(), StackState.READY, "", "127.0.0.1:1", "redis://127.0.0.1:2",
                gatewayUrl, repo.resolve(".braid/logs").toString(), List.of(), List.of(), keyFile.toString())
                .write(repo.resolve(".braid/stack.json"));
    }

    @Test
    void flagsWinOverTheEnvironmentTheConfigFileAndTheLocalStack() throws IOException {
        env.put("BRAID_URL", "http://env:1");
        env.put("BRAID_API_KEY", "env-key");
        config(dir.resolve("home/.config/braid/config"), "url=http://file:2\nkey=file-key\n");
        localStack("http://127.0.0.1:8080", "dev-key");

        CliSettings s = CliSettings.resolve("http://flag:3/", "flag-key", env, repo);

        assertThat(s).isEqualTo(new CliSettings("http://flag:3", "flag-key", "--url", "--key"));
    }

    @Test
    void theEnvironmentWinsOverTheConfigFile() throws IOException {
        env.put("BRAID_URL", "http://env:1");
        env.put("BRAID_API_KEY", "env-key");
        config(dir.resolve("home/.config/braid/config"), "url=http://file:2\nkey=file-key\n");

        CliSettings s = CliSettings.resolve(null, null, env, repo);

        assertThat(s.url()).isEqualTo("http://env:1");
        assertThat(s.key()).isEqualTo("env-key");
        assertThat(s.keySource()).isEqualTo("BRAID_API_KEY");
    }

    @Test
    void theConfigFileUnderTheHomeConfigFolderWinsOverTheLocalStack() throws IOException {
        Path file = dir.resolve("home/.config/braid/config");
        config(file, "# the team's gateway\nurl = https://braid.example.com/\nkey = team-key\n");
        localStack("http://127.0.0.1:8080", "dev-key");

        CliSettings s = CliSettings.resolve(null, null, env, repo);

        assertThat(s).isEqualTo(new CliSettings("https://braid.example.com", "team-key", file.toString(), file.toString()));
    }

    @Test
    void xdgConfigHomeMovesTheConfigFileAndBraidConfigNamesAnotherOne() throws IOException {
        env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        config(dir.resolve("xdg/braid/config"), "url=http://xdg:1\n");
        config(dir.resolve("home/.config/braid/config"), "url=http://home:1\n");
        assertThat(CliSettings.resolve(null, null, env, repo).url()).isEqualTo("http://xdg:1");

        config(dir.resolve("elsewhere.properties"), "url=http://named:1\n");
        env.put("BRAID_CONFIG", dir.resolve("elsewhere.properties").toString());
        assertThat(CliSettings.resolve(null, null, env, repo).url()).isEqualTo("http://named:1");
    }

    @Test
    void withNothingElseTheLocalStackGivesItsGatewayAndDevelopmentKey() throws IOException {
        localStack("http://127.0.0.1:18080", "braid_dev_abc");

        CliSettings s = CliSettings.resolve(null, null, env, repo);

        assertThat(s.url()).isEqualTo("http://127.0.0.1:18080");
        assertThat(s.key()).isEqualTo("braid_dev_abc");
        assertThat(s.urlSource()).contains("the local stack");
    }

    @Test
    void braidHomeNamesTheStackFolder() throws IOException {
        localStack("http://127.0.0.1:18080", "braid_dev_abc");
        Path moved = Files.move(repo.resolve(".braid"), dir.resolve("other-home"));
        env.put("BRAID_HOME", moved.toString());

        assertThat(CliSettings.resolve(null, null, env, null).url()).isEqualTo("http://127.0.0.1:18080");
    }

    @Test
    void theDevelopmentKeyIsNeverSentToAnotherGateway() throws IOException {
        localStack("http://127.0.0.1:18080", "braid_dev_abc");
        env.put("BRAID_URL", "https://braid.example.com");

        CliSettings s = CliSettings.resolve(null, null, env, repo);

        assertThat(s.key()).isNull();
        assertThat(s.keySource()).isEqualTo("none");
    }

    @Test
    void aStackThatIsNotReadyOrWhoseProcessEndedIsIgnored() throws IOException {
        new StackState(ProcessHandle.current().pid(), StackState.STARTING, "", null, null, null, "", List.of(), List.of(), null)
                .write(repo.resolve(".braid/stack.json"));

        assertThatThrownBy(() -> CliSettings.resolve(null, null, env, repo))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no gateway URL").hasMessageContaining("--url").hasMessageContaining("BRAID_URL")
                .hasMessageContaining(dir.resolve("home/.config/braid/config").toString());
    }

    @Test
    void aUrlWithoutHttpSchemeIsAUsageErrorNamingWhereItCameFrom() {
        env.put("BRAID_URL", "localhost:8080");

        assertThatThrownBy(() -> CliSettings.resolve(null, null, env, repo))
                .hasMessageContaining("BRAID_URL").hasMessageContaining("http://");
    }
}
