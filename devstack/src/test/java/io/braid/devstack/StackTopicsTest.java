package io.braid.devstack;

import io.braid.common.pipeline.DefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackTopicsTest {
    @TempDir
    Path models;

    @Test
    void poolsComeFromTheModelRepositorySortedAndDistinct() throws IOException {
        model("mlp", "cpu-small");
        model("cnn", "cpu-large");
        model("lenet", "cpu-small");

        assertThat(StackTopics.pools(models)).containsExactly("cpu-large", "cpu-small");
        assertThat(StackTopics.forPools(StackTopics.pools(models))).containsExactly("braid.jobs", "braid.preprocess",
                "braid.postprocess", "braid.results", "braid.deadletter", "braid.control", "braid.progress", "braid.inference.cpu-large",
                "braid.inference.cpu-small");
    }

    @Test
    void aMissingRepositoryHasNoPools() {
        assertThat(StackTopics.pools(models.resolve("absent"))).isEmpty();
    }

    @Test
    void anInvalidModelFailsWithItsFileNamed() throws IOException {
        Files.createDirectories(models.resolve("bad"));
        Files.writeString(models.resolve("bad/model.yaml"), "name: bad\nengine: PyTorch\n");
        assertThatThrownBy(() -> StackTopics.pools(models)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("model.yaml");
    }

    private void model(String name, String pool) throws IOException {
        Path dir = Files.createDirectories(models.resolve(name));
        Files.write(dir.resolve("model.pt"), new byte[0]);
        Files.writeString(dir.resolve("model.yaml"), String.join("\n", List.of(
                "name: " + name, "engine: PyTorch", "file: model.pt", "pool: " + pool,
                "input: {dtype: float32, shape: [1, 28, 28]}", "")));
    }
}
