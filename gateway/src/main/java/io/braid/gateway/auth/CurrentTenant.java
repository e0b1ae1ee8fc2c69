package io.braid.gateway.auth;

import io.braid.common.auth.Tenant;
import jakarta.enterprise.context.RequestScoped;

/** The tenant of the request being served, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentTenant {
    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    /** The caller's tenant; {@link TenantDirectory#DEFAULT} on paths that need no key. */
    public Tenant get() {
        return tenant == null ? TenantDirectory.DEFAULT : tenant;
    }
}
