package io.braid.gateway.auth;

import io.braid.common.auth.ApiKeys;
import io.braid.common.auth.Tenant;
import io.braid.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;

/**
 * The tenants and their API keys, from the tenants file; a changed file is reloaded within
 * {@code braid.gateway.auth.reload-interval} without a restart (a Secret update reaches a mounted file in
 * about a minute). A file that no longer parses keeps the last good one in force and is logged and counted.
 * With auth off every caller is {@link #DEFAULT}.
 */
@ApplicationScoped
public class TenantDirectory {
    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
    /** The only tenant when auth is off. */
    public static final Tenant DEFAULT = new Tenant("default", Set.of(), Set.of(Tenant.ALL_PIPELINES),
            ApiKeys.MAX_PRIORITY, Tenant.Quota.UNLIMITED);

    private final GatewayConfig.Auth config;
    private final MeterRegistry metrics;
    private volatile ApiKeys keys;
    private volatile FileTime loadedVersion;

    @Inject
    public TenantDirectory(GatewayConfig config, MeterRegistry metrics) {
        this.config = config.gateway().auth();
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent start, Vertx vertx) {
        if (!config.enabled()) {
            LOG.warn("braid.gateway.auth.enabled=false: every caller is tenant 'default' with every pipeline and "
                    + "no quota. Use this for local experiments only.");
            return;
        }
        Path file = file();
        load(file);
        LOG.infof("tenants from %s: %d tenant(s)", file, keys.tenants().size());
        vertx.setPeriodic(config.reloadInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            reloadIfChanged(file);
            return null;
        }, false));
    }

    private Path file() {
        return Path.of(config.tenantsFile().orElseThrow(() -> new IllegalStateException(
                "braid.gateway.auth.tenants-file is not set: auth is on and no tenant could call the API "
                        + "(set the file, or braid.gateway.auth.enabled=false for local experiments)")));
    }

    private void load(Path file) {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            keys = ApiKeys.parse(Files.readString(file), file.toString());
            loadedVersion = version;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the tenants file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reloads the file when its modification time changed; returns whether it did. */
    boolean reloadIfChanged(Path file) {
        try {
            if (Files.getLastModifiedTime(file).equals(loadedVersion)) {
                return false;
            }
            load(file);
            LOG.infof("tenants reloaded from %s: %d tenant(s)", file, keys.tenants().size());
            metrics.counter("braid_gateway_tenants_reloads", "result", "ok").increment();
            return true;
        } catch (RuntimeException | IOException e) {
            LOG.errorf("the tenants file %s was not reloaded, the last good one stays in force: %s", file, e.getMessage());
            metrics.counter("braid_gateway_tenants_reloads", "result", "invalid").increment();
            return false;
        }
    }

    /** The tenant of a bearer key; empty for an unknown key. With auth off, always {@link #DEFAULT}. */
    public Optional<Tenant> tenantOf(String apiKey) {
        return config.enabled() ? keys.tenantOf(apiKey) : Optional.of(DEFAULT);
    }

    /** Whether callers must present a key. */
    public boolean enabled() {
        return config.enabled();
    }
}
