package io.braid.inference.health;

import io.braid.inference.engine.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every model of the pool is loaded and warmed up. */
@Readiness
@ApplicationScoped
public class ModelsReadyCheck implements HealthCheck {
    private final ModelRegistry registry;

    @Inject
    public ModelsReadyCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("models").status(registry.ready())
                .withData("models", String.join(",", registry.models())).build();
    }
}
