package com.platform.datamigration.run.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.runtime.target.TargetTable;
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
    public record Spec(String name, Source source, Target target, List<String> key, OnConflict onConflict, String filter,
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

    public String sourceName() {
        return source.schema() + "." + source.name();
    }

    public String targetName() {
        return target.schema() + "." + target.name();
    }
}
