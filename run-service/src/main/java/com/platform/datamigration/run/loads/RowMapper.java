package com.platform.datamigration.run.loads;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.runtime.target.TargetLookup;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Maps source rows in Java: the mapping's expressions compiled with lookups that query the target on one connection
 * (the chunk's own, so a lookup sees the rows of earlier stages and of this transaction). One per chunk and
 * connection; its lookup cache holds up to {@value #LOOKUP_CACHE} keys.
 */
final class RowMapper {

    // Lookup keys found and kept per chunk before the cache starts over.
    private static final int LOOKUP_CACHE = 200_000;

    private final ChunkMapping mapping;
    private final List<String> columns;
    private final Expression[] expressions;
    private final Expression filter;

    RowMapper(ChunkMapping mapping, Connection lookupsOn) {
        this.mapping = mapping;
        TargetLookup lookup = new TargetLookup(mapping.tenant().column(), mapping.tenant().organizationId(), LOOKUP_CACHE);
        var lookups = mapping.lookups((target, key) -> lookup.find(lookupsOn, target, key));
        Map<String, Expression> compiled = mapping.compile(lookups);
        this.columns = List.copyOf(compiled.keySet());
        this.expressions = compiled.values().toArray(Expression[]::new);
        this.filter = mapping.compileFilter(lookups);
    }

    /**
     * The row's mapped values followed by the organization (on a multi-tenant platform), or null when it is filtered
     * out or rejected (the reject is added to {@code rejects}).
     */
    Object[] map(Map<String, Object> row, Rejects rejects) {
        if (filter != null) {
            Object keep;
            try {
                keep = filter.evaluate(row);
            } catch (ExpressionException e) {
                rejects.add(mapping.reject(row, "filter", e.code(), e.getMessage(), false));
                return null;
            }
            if (!Boolean.TRUE.equals(keep)) {
                return null;
            }
        }
        boolean scoped = mapping.tenant().scoped();
        Object[] mapped = new Object[expressions.length + (scoped ? 1 : 0)];
        if (scoped) {
            mapped[expressions.length] = mapping.tenant().organizationId();
        }
        for (int i = 0; i < expressions.length; i++) {
            try {
                mapped[i] = expressions[i].evaluate(row);
            } catch (ExpressionException e) {
                rejects.add(mapping.reject(row, columns.get(i), e.code(), e.getMessage(), false));
                return null;
            } catch (RuntimeException e) {
                rejects.add(mapping.reject(row, columns.get(i), "CONVERSION_FAILED", "The value could not be converted.", false));
                return null;
            }
        }
        return mapped;
    }
}
