package io.braid.gateway.auth;

import io.braid.common.auth.Tenant;
import io.braid.gateway.rest.ProblemMappers;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Every {@code /v1} and {@code /v2} call needs {@code Authorization: Bearer <api key>}: a missing, malformed
 * or unknown key is 401 problem+json with {@code WWW-Authenticate: Bearer realm="braid"}. The key's tenant
 * becomes the request's {@link CurrentTenant}.
 */
public class AuthFilter {
    private static final String BEARER = "Bearer ";
    private final TenantDirectory tenants;
    private final CurrentTenant current;

    @Inject
    public AuthFilter(TenantDirectory tenants, CurrentTenant current) {
        this.tenants = tenants;
        this.current = current;
    }

    @ServerRequestFilter(priority = 100)
    public Optional<Response> authenticate(ContainerRequestContext ctx, UriInfo uri) {
        String path = uri.getPath();
        if (!path.startsWith("/v1") && !path.startsWith("/v2")) {
            return Optional.empty();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
        Optional<Tenant> tenant = tenants.tenantOf(key);
        if (tenant.isEmpty()) {
            String detail = header == null ? "this API needs 'Authorization: Bearer <api key>'"
                    : key == null ? "the Authorization header must be 'Bearer <api key>'"
                    : "the API key is not known (revoked, or never issued)";
            Response problem = ProblemMappers.problem(401, "Unauthorized", detail, uri);
            return Optional.of(Response.fromResponse(problem)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"braid\"").build());
        }
        current.set(tenant.get());
        return Optional.empty();
    }
}
