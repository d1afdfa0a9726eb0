package com.platform.datamigration.support.target;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the platform's target tables are shared between organizations ({@code dm.target.*}), read alike by
 * mapping-service (catalog, validation, previews) and run-service (every write, lookup and reconciliation), so both
 * always agree on it.
 *
 * <p>Multi-tenant (the default): every target table carries {@link #tenantColumn()}, which holds the id of the
 * organization that owns the row. Only the platform sets it, always to the caller's or the run's organization; a
 * mapping can never name it. Keys, conflict targets, lookups, previews and reconciliation are scoped by it, and a
 * table without it is not offered as a target. Single-tenant ({@code multi-tenant=false}): no column is added and a
 * mapping's key alone identifies a row.
 *
 * @param tenantColumn the tenant column of every target table; default {@code organization_id}
 *                     ({@code DM_TARGET_TENANT_COLUMN})
 * @param multiTenant  whether target tables are shared and scoped by the tenant column; default {@code true}
 *                     ({@code DM_TARGET_MULTI_TENANT}); {@code false} only for a platform that serves one organization
 */
@ConfigurationProperties("dm.target")
public record TargetTenancy(
        @DefaultValue("organization_id") String tenantColumn,
        @DefaultValue("true") boolean multiTenant) {

    public TargetTenancy {
        if (multiTenant && (tenantColumn == null || tenantColumn.isBlank())) {
            throw new IllegalArgumentException("dm.target.tenant-column must name a column when dm.target.multi-tenant is true");
        }
    }

    /** The default: multi-tenant on {@code organization_id}. */
    public static TargetTenancy defaults() {
        return new TargetTenancy("organization_id", true);
    }

    /** The column every target table must have, or null on a single-tenant platform. */
    public String column() {
        return multiTenant ? tenantColumn : null;
    }

    /** Whether {@code field} is the tenant column, which no mapping may name. */
    public boolean isTenantColumn(String field) {
        return multiTenant && tenantColumn.equals(field);
    }

    /** The scope of one organization's work on the target. */
    public TenantScope scope(String organizationId) {
        return multiTenant ? new TenantScope(tenantColumn, organizationId) : TenantScope.NONE;
    }
}
