package io.braid.devstack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a background stack ({@code ./braid up}) runs, written to {@code .braid/stack.json} so that
 * {@code status}, {@code demo} and {@code down} find it.
 *
 * @param pid        the stack JVM
 * @param status     {@code STARTING}, {@code READY}, {@code FAILED} or {@code STOPPED}
 * @param message    why it failed; empty otherwise
 * @param kafka      Kafka's bootstrap servers; null until started
 * @param redis      Redis' URI; null until started
 * @param gatewayUrl the gateway's base URL; null when no services run
 * @param logDir     where the logs are
 * @param ports      every port the stack holds or will hold, by owner
 * @param services   the service processes
 * @param apiKeyFile the file holding the development tenant's API key; null until the services start
 */
public record StackState(long pid, String status, String message, String kafka, String redis, String gatewayUrl,
                         String logDir, List<OwnedPort> ports, List<Service> services, String apiKeyFile) {

    /** Status while infrastructure and services start. */
    public static final String STARTING = "STARTING";
    /** Status when everything answers. */
    public static final String READY = "READY";
    /** Status when the start failed; {@link #message()} says why. */
    public static final String FAILED = "FAILED";
    /** Status after a clean stop. */
    public static final String STOPPED = "STOPPED";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * A port and what it is for.
     *
     * @param owner e.g. {@code kafka}, {@code gateway}
     * @param port  the port number
     */
    public record OwnedPort(String owner, int port) {
    }

    /**
     * One service process.
     *
     * @param name   the service's name in the stack
     * @param module its Maven module
     * @param url    its base URL
     * @param pid      its pid; -1 when it does not run
     * @param log      its log file
     * @param restarts how often the stack restarted it after its process ended on its own
     * @param lastExit how its last process that ended on its own ended, e.g. {@code killed by SIGKILL at
     *                 2026-11-30T18:40:02Z after 31.2 s}; empty when none has
     * @param managementUrl its management interface (health, metrics); null in a state file written before it had one
     */
    public record Service(String name, String module, String url, long pid, String log, int restarts,
                          String lastExit, String managementUrl) {

        /** Where its health is asked: the management interface, or {@link #url()} in an older state file. */
        public String healthUrl() {
            return managementUrl == null ? url : managementUrl;
        }
    }

    /** The same state with another status and message. */
    public StackState withStatus(String newStatus, String newMessage) {
        return new StackState(pid, newStatus, newMessage, kafka, redis, gatewayUrl, logDir, ports, services,
                apiKeyFile);
    }

    /** Writes the state atomically (readers never see half a file). */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The state in {@code file}; empty when there is none. */
    public static Optional<StackState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The development API key, read from {@link #apiKeyFile()}; null when there is none. */
    public String apiKey() {
        try {
            return apiKeyFile == null ? null : Files.readString(Path.of(apiKeyFile)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the stack JVM still runs. */
    public boolean stackAlive() {
        return ProcessLiveness.isRunning(pid);
    }
}
