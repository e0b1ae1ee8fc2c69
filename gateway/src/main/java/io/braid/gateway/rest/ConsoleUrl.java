package io.braid.gateway.rest;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Logs where the web console is served (static files under {@code META-INF/resources/console}, see
 * docs/architecture.md, Web console): it is a client of the public API like any other.
 */
@ApplicationScoped
public class ConsoleUrl {
    private static final Logger LOG = Logger.getLogger(ConsoleUrl.class);

    void log(@Observes StartupEvent e, @ConfigProperty(name = "quarkus.http.host") String host,
             @ConfigProperty(name = "quarkus.http.port") int port) {
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "<this host>" : host;
        LOG.infof("web console: http://%s:%d/console/ (sign in with an API key)", shown, port);
    }

    /** {@code /console} without the slash goes to {@code /console/}, where the page's relative links resolve. */
    void redirect(@Observes io.vertx.ext.web.Router router) {
        router.routeWithRegex("^/console$").handler(rc -> rc.response().setStatusCode(302)
                .putHeader("Location", "/console/").end());
    }
}
