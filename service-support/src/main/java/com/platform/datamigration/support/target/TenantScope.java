package com.platform.datamigration.support.target;

import java.util.Objects;

/**
 * One organization's share of the target tables: every row written carries {@code organizationId} in {@code column},
 * and every statement that reads or matches target rows is limited to it. {@link #NONE} on a single-tenant platform.
 *
 * @param column         the tenant column, null for {@link #NONE}
 * @param organizationId the owning organization, null for {@link #NONE}
 */
public record TenantScope(String column, String organizationId) {

    /** No tenancy: rows are written as mapped and matched by the mapping's key alone. */
    public static final TenantScope NONE = new TenantScope(null, null);

    public TenantScope {
        if ((column == null) != (organizationId == null)) {
            throw new IllegalArgumentException("a tenant scope names both its column and its organization, or neither");
        }
        if (organizationId != null && (organizationId.isEmpty() || organizationId.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("not an organization id");
        }
    }

    public boolean scoped() {
        return column != null;
    }

    /** Whether {@code field} is this scope's tenant column. */
    public boolean isTenantColumn(String field) {
        return scoped() && Objects.equals(column, field);
    }

    /**
     * The organization id as a PostgreSQL string literal, for statements that take no parameters, such as {@code COPY}.
     * An escape string ({@code E'…'}, backslashes and single quotes escaped) reads the same whatever the server's
     * {@code standard_conforming_strings}: on the binary pipe it goes into the source's query, a server we do not set up.
     */
    public String organizationLiteral() {
        return "E'" + organizationId.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
