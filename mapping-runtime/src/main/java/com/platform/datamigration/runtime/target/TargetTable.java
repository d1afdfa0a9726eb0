package com.platform.datamigration.runtime.target;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A target table as the platform database describes it ({@link TargetTables#describe}).
 *
 * @param primaryKey       the primary key's columns, in order
 * @param referencedTables the tables its foreign keys reference
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetTable(String schema, String name, List<TargetColumn> columns, List<String> primaryKey,
                          List<TableRef> referencedTables) {

    /** The column of that name, or null. */
    public TargetColumn column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
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
}
