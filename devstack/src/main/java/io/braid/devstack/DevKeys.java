package io.braid.devstack;

import io.braid.common.auth.ApiKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stack's development tenant: created on the first start under {@code <work>/auth/}, kept afterwards.
 * {@code tenants.yaml} holds only the key's hash (the gateway reads it); {@code dev-key} holds the key itself,
 * readable by its owner only, for {@code ./braid demo}, the CLI and tests.
 */
public final class DevKeys {
    /** The development tenant's name. */
    public static final String TENANT = "dev";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path tenantsFile;
    private final String key;
    private final boolean created;

    private DevKeys(Path tenantsFile, String key, boolean created) {
        this.tenantsFile = tenantsFile;
        this.key = key;
        this.created = created;
    }

    /** The keys under {@code dir}, created when missing. */
    public static DevKeys in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyFile = dir.resolve("dev-key");
            Path tenants = dir.resolve("tenants.yaml");
            if (Files.isRegularFile(keyFile) && Files.isRegularFile(tenants)) {
                return new DevKeys(tenants, Files.readString(keyFile).trim(), false);
            }
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String key = "braid_dev_" + HexFormat.of().formatHex(secret);
            Files.writeString(tenants, """
                    # Tenants of the local stack (./braid up). Keys are stored as hashes only; the development
                    # key itself is in dev-key next to this file. Add tenants here: the gateway reloads this
                    # file within seconds. Format: docs/architecture.md, "Tenants and API keys".
                    tenants:
                      - name: %s
                        keys: ["%s"]
                        pipelines: ["*"]
                    """.formatted(TENANT, ApiKeys.hash(key)), StandardCharsets.UTF_8);
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
            return new DevKeys(tenants, key, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development API key under " + dir, e);
        }
    }

    /** The tenants file the gateway reads. */
    public Path tenantsFile() {
        return tenantsFile;
    }

    /** The development API key. */
    public String key() {
        return key;
    }

    /** Whether this start created the key. */
    public boolean created() {
        return created;
    }
}
