package io.braid.gateway.config;

import io.braid.common.wire.RecordLimits;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with a record limit that cannot work: below the header reserve, or a request body
 * limit derived from it above the HTTP server's hard cap (whose 413 would not be problem+json).
 */
@Startup
@ApplicationScoped
public class RecordLimitCheck {

    @Inject
    public RecordLimitCheck(GatewayConfig config,
                            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        long body = RecordLimits.maxBodyBytes(config.maxRecordBytes());
        if (body > maxBody.asLongValue()) {
            throw new IllegalStateException(RecordLimits.SETTING + "=" + config.maxRecordBytes() + " lets request bodies of "
                    + body + " bytes through, above quarkus.http.limits.max-body-size (" + maxBody.asLongValue()
                    + " bytes); raise that cap or lower the record limit");
        }
        if (config.images().maxSide() < 1 || config.images().maxPixels() < 1) {
            throw new IllegalStateException("braid.images.max-side and braid.images.max-pixels must be positive");
        }
    }
}
