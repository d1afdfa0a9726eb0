package com.platform.datamigration.run.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A mapping as a run applies it, frozen when the run was requested: later saves of the mapping, or changes of the
 * catalogs, never change a run in flight.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pinned(
        UUID mappingId,
        int version,
        Spec spec,
        DatabaseType sourceType,
        TableInfo source,
        TargetTable target,
        Map<String, Lookups.Target> lookupTargets) {

    /** The mapping's spec, as mapping-service stores it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(String name, Source source, Target target, List<String> key, String onConflict, String filter,
                       List<Field> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(UUID connectionId, String schema, String table) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(String schema, String table) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Field(String target, String expression) {
    }

    /** The target table as the platform database describes it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TargetTable(String schema, String name, List<TargetColumn> columns, List<String> primaryKey,
                              List<TableRef> referencedTables) {

        public TargetColumn column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * @param type    the SQL type as {@code format_type} writes it, e.g. {@code numeric(12,2)}
     * @param builtin whether the type is one of PostgreSQL's own (only those can be cast to in a source's SQL)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TargetColumn(String name, String type, boolean builtin, boolean notNull) {
    }

    public record TableRef(String schema, String name) {
    }

    public String sourceName() {
        return source.schema() + "." + source.name();
    }

    public String targetName() {
        return target.schema() + "." + target.name();
    }
}
