package io.braid.devstack.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatchTest {
    static final String MODEL = """
            # a comment that must survive
            name: m
            pool: small
            batching:
              maxBatchSize: 32   # per batch
              maxBatchDelayMs: 5
              maxQueueSize: 1024
            instances: 1
            threads: 1
            """;

    @Test
    void aKnobIsSetOnItsOwnLineKeepingCommentsAndIndentation() {
        String edited = YamlEdit.set(MODEL, "maxBatchSize", 64);
        assertThat(edited).contains("  maxBatchSize: 64   # per batch\n").contains("# a comment that must survive");
        assertThat(edited.lines().count()).isEqualTo(MODEL.lines().count());
        assertThat(YamlEdit.set(MODEL, "instances", 2)).contains("\ninstances: 2\n").contains("\nthreads: 1\n");
    }

    @Test
    void aKnobThatIsNotWrittenYetIsAdded() {
        assertThat(YamlEdit.set("name: p\nreducer: mean\n", "itemsPerTask", 8)).isEqualTo("name: p\nreducer: mean\nitemsPerTask: 8\n");
        assertThat(YamlEdit.set("name: m\nbatching:\n  maxBatchSize: 4\n", "maxBatchDelayMs", 0))
                .isEqualTo("name: m\nbatching:\n  maxBatchDelayMs: 0\n  maxBatchSize: 4\n");
    }

    @Test
    void theDiffIsAUnifiedDiffWithThreeLinesOfContext() {
        String diff = UnifiedDiff.of("models/m/model.yaml", MODEL, YamlEdit.set(MODEL, "instances", 2));
        assertThat(diff).isEqualTo("""
                --- a/models/m/model.yaml
                +++ b/models/m/model.yaml
                @@ -5,5 +5,5 @@
                   maxBatchSize: 32   # per batch
                   maxBatchDelayMs: 5
                   maxQueueSize: 1024
                -instances: 1
                +instances: 2
                 threads: 1
                """);
        assertThat(UnifiedDiff.of("x", MODEL, MODEL)).isEmpty();
    }

    @Test
    void changesFarApartMakeTwoHunksAndAnAddedLineCountsOnlyInTheNewFile() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        String after = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        assertThat(UnifiedDiff.of("f", before, after)).isEqualTo("""
                --- a/f
                +++ b/f
                @@ -1,4 +1,4 @@
                -a
                +A
                 b
                 c
                 d
                @@ -9,3 +9,4 @@
                 i
                 j
                 k
                +l
                """);
    }

    @Test
    void theOverlayChangesOnlyTheTargetedFilesLinksTheModelsAndThePatchAppliesToTheProject(@TempDir Path tmp)
            throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("models/m"));
        Files.createDirectories(repo.resolve("pipelines"));
        Files.writeString(repo.resolve("models/m/model.yaml"), MODEL);
        Files.writeString(repo.resolve("models/m/model.pt"), "weights");
        Files.writeString(repo.resolve("pipelines/p.yaml"), "name: p\nreducer: mean\n");
        List<Setting> settings = Setting.parseAll("m.maxBatchSize=16,itemsPerTask=8");
        List<Overlay.Change> changes = Overlay.changes(repo, "p", settings);
        assertThat(changes).extracting(Overlay.Change::path).containsExactly("models/m/model.yaml", "pipelines/p.yaml");

        Path overlay = Overlay.write(repo, tmp.resolve("overlay/c1"), changes);
        assertThat(Files.isSymbolicLink(overlay.resolve("models/m/model.pt"))).isTrue();
        assertThat(Files.readString(overlay.resolve("models/m/model.yaml"))).contains("maxBatchSize: 16");
        assertThat(Files.readString(overlay.resolve("pipelines/p.yaml"))).endsWith("itemsPerTask: 8\n");
        assertThat(Files.readString(repo.resolve("models/m/model.yaml"))).isEqualTo(MODEL);

        Path patch = tmp.resolve("recommended.patch");
        Files.writeString(patch, Overlay.patch(changes));
        Process apply = new ProcessBuilder("git", "apply", patch.toString()).directory(repo.toFile())
                .redirectErrorStream(true).start();
        String output = new String(apply.getInputStream().readAllBytes());
        assertThat(apply.waitFor()).as(output).isZero();
        assertThat(Files.readString(repo.resolve("models/m/model.yaml")))
                .isEqualTo(Files.readString(overlay.resolve("models/m/model.yaml")));
        assertThat(Files.readString(repo.resolve("pipelines/p.yaml"))).isEqualTo("name: p\nreducer: mean\nitemsPerTask: 8\n");
    }

    @Test
    void aCaseRestartsOnlyThePoolsWhoseModelsChangedAndTheDispatcherForThePipeline() {
        TuneConfig base = TuneConfigTest.DEMO;
        assertThat(TuneMain.affected(base, base.apply(Setting.parseAll("lenet.instances=2"))))
                .containsExactly("inference-large");
        assertThat(TuneMain.affected(base, base.apply(Setting.parseAll("itemsPerTask=8,mlp.maxBatchSize=4"))))
                .containsExactly("dispatcher", "inference-small");
        assertThat(TuneMain.affected(base, base)).isEmpty();
    }
}
