package io.braid.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoImagesTest {
    @TempDir
    Path dir;

    @Test
    void picksOneImagePerLabelInTurn() throws IOException {
        for (String name : new String[]{"0_0.png", "0_1.png", "1_0.png", "1_1.png", "2_0.png", "notes.txt"}) {
            Files.write(dir.resolve(name), new byte[]{1});
        }
        assertThat(DemoImages.pick(dir, 4)).extracting(DemoImages.Sample::id)
                .containsExactly("0_0", "1_0", "2_0", "0_1");
        assertThat(DemoImages.pick(dir, 99)).hasSize(5).extracting(DemoImages.Sample::label)
                .containsExactly("0", "1", "2", "0", "1");
    }

    @Test
    void anEmptyFolderSaysWhereItLooked() {
        assertThatThrownBy(() -> DemoImages.pick(dir, 3)).hasMessageContaining(dir.toString());
    }
}
