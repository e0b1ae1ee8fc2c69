package io.braid.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppCdsTest {
    @TempDir
    Path repo;

    private ServiceSpec spec(String name, String module, List<String> options, Map<String, String> env)
            throws IOException {
        Path app = repo.resolve(module).resolve("target/quarkus-app");
        Files.createDirectories(app.resolve("lib"));
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            Files.writeString(app.resolve("quarkus-run.jar"), "jar");
            Files.writeString(app.resolve("lib/a.jar"), "a");
        }
        return new ServiceSpec(name, module, 1, options, env);
    }

    @Test
    void theFirstStartWritesTheArchiveAndLaterStartsUseIt() throws IOException {
        Path dir = repo.resolve("cds");
        AppCds cds = AppCds.of(dir, spec("gateway", "gateway", List.of("-Xmx512m"), Map.of()), repo);
        assertThat(cds.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=" + cds.archive() + "."));

        Files.writeString(Path.of(argument(cds.jvmOptions(), "-XX:ArchiveClassesAtExit=")), "archive");
        cds.processEnded(0);
        assertThat(cds.archive()).hasContent("archive");
        assertThat(cds.jvmOptions()).contains("-XX:SharedArchiveFile=" + cds.archive());
    }

    @Test
    void aKilledJvmLeavesNoArchive() throws IOException {
        AppCds cds = AppCds.of(repo.resolve("cds"), spec("dispatcher", "dispatcher", List.of(), Map.of()), repo);
        Path pending = Path.of(argument(cds.jvmOptions(), "-XX:ArchiveClassesAtExit="));
        Files.writeString(pending, "half");
        cds.processEnded(137);
        assertThat(pending).doesNotExist();
        assertThat(cds.archive()).doesNotExist();
        assertThat(cds.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    void aRebuildOrOtherOptionsSelectANewArchiveAndTheOldOneIsDeleted() throws IOException {
        Path dir = repo.resolve("cds");
        AppCds before = AppCds.of(dir, spec("preprocess", "preprocess-svc", List.of("-Xmx512m"), Map.of()), repo);
        Files.writeString(Path.of(argument(before.jvmOptions(), "-XX:ArchiveClassesAtExit=")), "old");
        before.processEnded(143);
        AppCds other = AppCds.of(dir, spec("postprocess", "postprocess-svc", List.of(), Map.of()), repo);
        Files.writeString(Path.of(argument(other.jvmOptions(), "-XX:ArchiveClassesAtExit=")), "other");
        other.processEnded(0);

        AppCds otherOptions = AppCds.of(dir, spec("preprocess", "preprocess-svc", List.of("-Xmx1g"), Map.of()), repo);
        assertThat(otherOptions.archive()).isNotEqualTo(before.archive());

        Path jar = repo.resolve("preprocess-svc/target/quarkus-app/lib/a.jar");
        Files.writeString(jar, "rebuilt");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        AppCds rebuilt = AppCds.of(dir, spec("preprocess", "preprocess-svc", List.of("-Xmx512m"), Map.of()), repo);
        assertThat(rebuilt.archive()).isNotEqualTo(before.archive());
        Files.writeString(Path.of(argument(rebuilt.jvmOptions(), "-XX:ArchiveClassesAtExit=")), "new");
        rebuilt.processEnded(0);

        assertThat(before.archive()).doesNotExist();
        assertThat(rebuilt.archive()).hasContent("new");
        assertThat(other.archive()).hasContent("other");
    }

    @Test
    void offWithoutAFolderOrWhenSwitchedOff() throws IOException {
        assertThat(AppCds.of(null, spec("gateway", "gateway", List.of(), Map.of()), repo)).isNull();
        assertThat(AppCds.of(repo.resolve("cds"), spec("gateway", "gateway", List.of(),
                Map.of(AppCds.SWITCH, "0")), repo)).isNull();
    }

    private static String argument(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
