package io.braid.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real Redis server: the {@code redis-server} binary that the {@code org.signal:embedded-redis} jar
 * bundles, copied out of the class path and run as a {@link ChildProcess}, so it dies with this JVM.
 *
 * <p>Persistent, as the fan-in requires: an append-only file ({@code appendonly yes},
 * {@code appendfsync everysec}) under {@code workDir/appendonlydir}, no RDB snapshots, and
 * {@code maxmemory-policy noeviction} (a write that does not fit fails instead of evicting a job).
 * Redis writes the AOF before it answers, so a crash of the process loses no acknowledged write;
 * a crash of the machine loses at most the last second. Starting again on the same folder
 * ({@link #restart}) replays the file: jobs in flight survive a restart.
 */
public final class BundledRedis implements AutoCloseable {
    /** The Redis version of the bundled binaries. */
    public static final String VERSION = "7.0.15";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /** The persistence and memory settings every Braid Redis runs with (see the class comment). */
    public static final List<String> PERSISTENCE = List.of("--appendonly", "yes", "--appendfsync", "everysec",
            "--save", "", "--maxmemory-policy", "noeviction");

    private final ChildProcess process;
    private final int port;
    private final Path workDir;
    private final Path logFile;
    private final List<String> extraArgs;

    private BundledRedis(ChildProcess process, int port, Path workDir, Path logFile, List<String> extraArgs) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.logFile = logFile;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts Redis and waits until it answers PING.
     *
     * @param port    the port; 0 for any free port
     * @param workDir where the binary is copied to and Redis runs
     * @param logFile receives Redis' output
     */
    public static BundledRedis start(int port, Path workDir, Path logFile) throws IOException {
        return start(port, workDir, logFile, List.of());
    }

    /**
     * As {@link #start(int, Path, Path)}, with more {@code redis-server} options (e.g.
     * {@code --cluster-enabled yes}); {@code workDir} holds the data, so give each server its own.
     */
    public static BundledRedis start(int port, Path workDir, Path logFile, List<String> extraArgs) throws IOException {
        int chosen = port == 0 ? LocalPorts.pickFree() : port;
        Path binary = extractBinary(workDir);
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(chosen), "--bind", LocalPorts.HOST,
                "--protected-mode", "no", "--daemonize", "no", "--dir", workDir.toString()));
        command.addAll(PERSISTENCE);
        command.addAll(extraArgs);
        ChildProcess process = ChildProcess.start("redis", command, Map.of(), workDir, logFile);
        BundledRedis redis = new BundledRedis(process, chosen, workDir, logFile, List.copyOf(extraArgs));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with status " + process.exitStatus()
                        + " on port " + chosen + "; its log ends with:\n" + LogTail.of(logFile, 40));
            }
            try {
                if ("PONG".equals(redis.ping())) {
                    return redis;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.kill();
                throw new IllegalStateException("redis-server did not answer PING on port " + chosen + " within "
                        + START_TIMEOUT.toSeconds() + " s; its log ends with:\n" + LogTail.of(logFile, 40));
            }
            sleep(50);
        }
    }

    /** The bundled binary for this OS and CPU, copied to {@code workDir} and made executable. */
    static Path extractBinary(Path workDir) throws IOException {
        String resource = "redis-server-" + VERSION + "-" + platform();
        Files.createDirectories(workDir);
        Path target = workDir.resolve(resource);
        try (InputStream in = BundledRedis.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no bundled " + resource + " on the class path (org.signal:embedded-redis)");
            }
            Path partial = Files.createTempFile(workDir, resource, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            // an atomic move, so a concurrent start never runs a half-written binary
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> null;
        };
        if (osPart == null || archPart == null) {
            throw new IllegalStateException("no bundled redis-server for " + os + "/" + arch);
        }
        return osPart + "-" + archPart;
    }

    /** Sends PING and returns the reply ({@code PONG} when healthy). */
    public String ping() throws IOException {
        return ping(port);
    }

    /** Sends PING to the Redis on {@code port} of {@link LocalPorts#HOST} and returns the reply. */
    public static String ping(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.HOST, port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            String reply = line.toString();
            return reply.startsWith("+") ? reply.substring(1) : reply;
        }
    }

    /** The port Redis listens on. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://" + LocalPorts.HOST + ":" + port;
    }

    /** The Redis process. */
    public ChildProcess process() {
        return process;
    }

    /**
     * Starts this Redis again, after it stopped or crashed, on the same port, folder and options: it
     * replays its append-only file. Waits until it answers PING (it refuses commands while loading).
     */
    public BundledRedis restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("redis on port " + port + " is still running");
        }
        return start(port, workDir, logFile, extraArgs);
    }

    /** The folder Redis runs in and keeps its append-only file in. */
    public Path workDir() {
        return workDir;
    }

    /** SIGKILL, as a crash would; returns when the process has ended. */
    public void kill() {
        process.kill();
    }

    /** Stops Redis (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis", e);
        }
    }
}
