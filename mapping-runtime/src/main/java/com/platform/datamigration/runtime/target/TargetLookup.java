package com.platform.datamigration.runtime.target;

import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.value.ValueText;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code lookup('mapping', key)} from the target: the primary key of the row of the named mapping's table whose
 * key field holds {@code key}, among the organization's rows only (another organization's row with the same key is not
 * there for it). Previews and runs resolve through this one class, so a key binds and matches alike in both.
 *
 * <p>Keys found are kept, up to {@code cacheSize} of them (then all are forgotten); a key not found is asked again, since
 * the row may be written later in the same run. Not thread-safe: one instance per chunk or preview.
 */
public final class TargetLookup {

    private final String tenantColumn;
    private final String organizationId;
    private final int cacheSize;
    private final Map<String, Optional<Object>> cache = new HashMap<>();

    /**
     * @param tenantColumn   the tenant column every looked-up table has, or null on a single-tenant platform
     * @param organizationId the organization whose rows answer, null exactly when {@code tenantColumn} is
     * @param cacheSize      how many found keys to keep; 0 keeps none
     */
    public TargetLookup(String tenantColumn, String organizationId, int cacheSize) {
        if ((tenantColumn == null) != (organizationId == null)) {
            throw new IllegalArgumentException("a lookup is scoped by a tenant column and an organization, or by neither");
        }
        this.tenantColumn = tenantColumn;
        this.organizationId = organizationId;
        this.cacheSize = cacheSize;
    }

    /**
     * Looks {@code key} up on {@code target}, within its transaction.
     *
     * @throws ExpressionException {@code LOOKUP_FAILED} when the query fails
     */
    public Optional<Object> find(Connection target, Lookups.Target t, Object key) {
        String cacheKey = t.schema() + "." + t.table() + ":" + key;
        Optional<Object> hit = cache.get(cacheKey);
        if (hit != null) {
            return hit;
        }
        try (PreparedStatement st = target.prepareStatement(PostgresDialect.INSTANCE.lookup(t, tenantColumn))) {
            // Decimals and timestamps as the text the key field's cast reads exactly; the driver would send them typed
            // (numeric scale, time zone) otherwise.
            st.setObject(1, key instanceof BigDecimal d ? d.toPlainString()
                    : key instanceof LocalDateTime ts ? ValueText.of(ts) : key);
            if (tenantColumn != null) {
                // Untyped: the server takes the type of the looked-up table's own tenant column.
                st.setObject(2, organizationId, Types.OTHER);
            }
            try (ResultSet rs = st.executeQuery()) {
                Optional<Object> found = rs.next() ? Optional.ofNullable(rs.getObject(1)) : Optional.empty();
                if (cacheSize > 0 && found.isPresent()) {
                    if (cache.size() >= cacheSize) {
                        cache.clear();
                    }
                    cache.put(cacheKey, found);
                }
                return found;
            }
        } catch (SQLException e) {
            throw new ExpressionException("LOOKUP_FAILED", "the lookup could not be run (SQL state " + e.getSQLState() + ")");
        }
    }
}
