package io.braid.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the stack's services, created lazily: a service's first start runs with
 * {@code -XX:ArchiveClassesAtExit}, so the JVM writes the classes it loaded into an archive when it exits
 * normally; later starts map that archive with {@code -XX:SharedArchiveFile} and skip parsing and verifying
 * those classes (about a fifth less CPU until ready, see bench/RESULTS.md).
 *
 * <p>An archive is named after the module and a digest of everything it depends on: the files of the
 * module's {@code target/quarkus-app} (path, size, modification time), the JVM ({@code java.home},
 * {@code java.vm.version}) and the service's JVM options. A rebuild or another JDK therefore selects a new
 * name; stale archives of the module are deleted when a new one is written. The JVM writes to a temporary
 * file that is renamed only after the process ended on its own (a killed JVM may leave half an archive);
 * a run with a broken or foreign archive still starts ({@code -Xshare:auto}), just without it.
 * Set {@code BRAID_APPCDS=0} to run without archives.
 */
final class AppCds {
    /** The environment variable that turns archives off when {@code 0}. */
    static final String SWITCH = "BRAID_APPCDS";
    private static final int SIGKILL_STATUS = 137;

    private final Path archive;
    private final Path pending;
    private volatile boolean writing;

    private AppCds(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /** Archives for {@code spec} under {@code dir}; null when {@code dir} is null or archives are switched off. */
    static AppCds of(Path dir, ServiceSpec spec, Path repoRoot) {
        if (dir == null || "0".equals(System.getenv(SWITCH)) || "0".equals(spec.env().get(SWITCH))) {
            return null;
        }
        Path app = spec.runnerJar(repoRoot).getParent();
        String name = spec.module() + "-" + digest(app, spec.jvmOptions()) + ".jsa";
        return new AppCds(dir.resolve(name), dir.resolve(name + "." + spec.name() + ".tmp"));
    }

    /** The JVM options for the next start: use the archive, or write it when this process exits. */
    List<String> jvmOptions() {
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the class-data archive folder " + archive.getParent(), e);
        }
        writing = !Files.isRegularFile(archive);
        if (!writing) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=error");
        }
        return List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds*=error");
    }

    /**
     * After the process ended: keeps the archive it wrote when it ended on its own, drops a half-written one,
     * and deletes the module's archives of older builds.
     */
    void processEnded(int exitStatus) {
        try {
            if (!Files.isRegularFile(pending)) {
                return;
            }
            if (exitStatus == SIGKILL_STATUS || Files.size(pending) == 0) {
                Files.deleteIfExists(pending);
                return;
            }
            Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String module = archive.getFileName().toString().replaceFirst("-[0-9a-f]+\\.jsa$", "");
            try (Stream<Path> files = Files.list(archive.getParent())) {
                for (Path old : files.toList()) {
                    String n = old.getFileName().toString();
                    if (!old.equals(archive) && n.matches(Pattern.quote(module) + "-[0-9a-f]+\\.jsa")) {
                        Files.deleteIfExists(old);
                    }
                }
            }
        } catch (IOException e) {
            // an archive is an optimisation: without it the next start is only slower
        }
    }

    /** Whether the running process writes the archive when it exits (which takes seconds more). */
    boolean writing() {
        return writing;
    }

    /** The archive this service uses or writes. */
    Path archive() {
        return archive;
    }

    static String digest(Path app, List<String> jvmOptions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n"
                    + String.join(" ", jvmOptions) + "\n").getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(app)) {
                try (Stream<Path> files = Files.walk(app)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update((app.relativize(f) + " " + Files.size(f) + " "
                                + Files.getLastModifiedTime(f).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + app, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
