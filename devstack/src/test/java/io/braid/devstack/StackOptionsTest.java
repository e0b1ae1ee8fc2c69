package io.braid.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackOptionsTest {

    @Test
    void portOptionsOverrideTheEnvironment() {
        StackOptions options = StackOptions.parse(new String[]{"serve", "--gateway-port", "9999", "--kafka-port=19092",
                "--no-services"});
        StackPorts ports = options.ports(Map.of("BRAID_GATEWAY_PORT", "7000", "BRAID_REDIS_PORT", "16379"));
        assertThat(options.command()).isEqualTo("serve");
        assertThat(options.has("no-services")).isTrue();
        assertThat(ports.gateway()).isEqualTo(9999);
        assertThat(ports.kafka()).isEqualTo(19092);
        assertThat(ports.redis()).isEqualTo(16379);
    }

    @Test
    void unknownOptionsAndMissingValuesAreNamed() {
        assertThatThrownBy(() -> StackOptions.parse(new String[]{"serve", "--gateway-prot", "1"}))
                .hasMessage("unknown option --gateway-prot");
        assertThatThrownBy(() -> StackOptions.parse(new String[]{"demo", "--jobs"}))
                .hasMessage("--jobs needs a value");
        assertThatThrownBy(() -> StackOptions.parse(new String[]{"demo", "--jobs", "x"}).intValue("jobs", 2))
                .hasMessageContaining("--jobs must be a positive integer");
    }

    @Test
    void homeDefaultsToDotBraidInTheRepository() {
        Path repo = Path.of("/tmp/repo");
        assertThat(StackOptions.parse(new String[]{"status"}).home(repo, Map.of())).isEqualTo(repo.resolve(".braid"));
        assertThat(StackOptions.parse(new String[]{"status"}).home(repo, Map.of("BRAID_HOME", "/tmp/h")))
                .isEqualTo(Path.of("/tmp/h"));
    }

    @Test
    void replicasAndAnApiKeyAreOptionsOfTheirOwn() {
        StackOptions options = StackOptions.parse(new String[]{"serve", "--replicas", "2"});
        assertThat(options.intValue("replicas", 1)).isEqualTo(2);
        assertThat(StackOptions.parse(new String[]{"demo", "--key", "k-1"}).value("key", null)).isEqualTo("k-1");
    }

    @Test
    void noArgumentsMeansHelp() {
        assertThat(StackOptions.parse(new String[0]).command()).isEqualTo("help");
    }
}
