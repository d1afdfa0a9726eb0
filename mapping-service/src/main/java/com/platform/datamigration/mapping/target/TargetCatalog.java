package com.platform.datamigration.mapping.target;

import com.platform.datamigration.runtime.target.TargetTables;
import com.platform.datamigration.support.catalog.PostgresCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TargetTenancy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The target entities migrations may write: the allowed schemas' tables of the platform database, read from its
 * catalog with the same reader the explorer uses for sources. On a multi-tenant platform ({@link TargetTenancy}) only
 * tables with the tenant column are offered, and that column is not among their fields: the platform fills it.
 */
@Component
public class TargetCatalog {

    private final TargetProperties props;
    private final TargetTenancy tenancy;

    TargetCatalog(TargetProperties props, TargetTenancy tenancy) {
        this.props = props;
        this.tenancy = tenancy;
    }

    /** A target field as the mappings stage needs it. */
    public record TargetField(String name, String type, String normalizedType, boolean nullable, boolean hasDefault,
                              boolean generated, boolean required, Integer length, Integer precision, Integer scale) {
    }

    /**
     * A target table with what writing to it requires.
     *
     * @param fields            the fields a mapping may fill (never the tenant column)
     * @param primaryKey        the primary key as the database defines it (with the tenant column where it has one)
     * @param uniqueConstraints the unique constraints as the database defines them
     * @param tenantColumn      the column the platform sets to the owning organization; null on a single-tenant platform
     * @param keys              the field sets a mapping's {@code key} may be: the primary key and each unique constraint
     *                          that include the tenant column, without it (all of them on a single-tenant platform)
     */
    public record TargetTable(String schema, String name, List<TargetField> fields, List<String> primaryKey,
                              List<TableInfo.UniqueConstraint> uniqueConstraints, List<TableInfo.ForeignKey> foreignKeys,
                              String tenantColumn, List<List<String>> keys) {

        /**
         * The primary key without the tenant column: what identifies a row within its organization, and what
         * {@code lookup(…)} answers with.
         */
        public List<String> rowKey() {
            return primaryKey.stream().filter(c -> !c.equals(tenantColumn)).toList();
        }

        /** Whether {@code key} identifies one row of an organization: one of {@link #keys()}, in any order. */
        public boolean isKey(List<String> key) {
            return keys.stream().anyMatch(k -> new HashSet<>(k).equals(new HashSet<>(key)));
        }
    }

    public Mono<List<TargetTable>> tables() {
        return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Optional<TargetTable>> table(String schema, String name) {
        return tables().map(all -> all.stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst());
    }

    /**
     * The table as a run describes it (the runtime's {@link TargetTables}: each column's type and whether it is one of
     * PostgreSQL's own), or empty when it does not exist. For deciding how the mapping loads, as the run decides it.
     */
    public Mono<Optional<com.platform.datamigration.runtime.target.TargetTable>> described(String schema, String name) {
        return Mono.fromCallable(() -> {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    return TargetTables.describe(c, schema, name);
                } finally {
                    c.rollback();
                }
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", props.username());
        if (props.password() != null && !props.password().isEmpty()) {
            credentials.setProperty("password", props.password());
        }
        credentials.setProperty("readOnly", "true");
        return DriverManager.getConnection(props.jdbcUrl(), credentials);
    }

    private List<TargetTable> read() throws SQLException {
        List<TargetTable> out = new ArrayList<>();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            new PostgresCatalog().discover(c, t -> {
                if ("TABLE".equals(t.kind()) || "PARTITIONED_TABLE".equals(t.kind())) {
                    if (props.schemas().contains(t.schema()) && !props.excluded().contains(t.schema() + "." + t.name())
                            && (!tenancy.multiTenant() || t.columns().stream().anyMatch(col -> tenancy.isTenantColumn(col.name())))) {
                        out.add(target(t, tenancy.column()));
                    }
                }
            });
            c.rollback();
        }
        return out;
    }

    private static TargetTable target(TableInfo t, String tenantColumn) {
        List<TargetField> fields = t.columns().stream().filter(c -> !c.name().equals(tenantColumn)).map(c -> new TargetField(c.name(), c.nativeType(), c.normalizedType(),
                c.nullable(), c.defaultValue() != null, c.generated(),
                !c.nullable() && c.defaultValue() == null && !c.generated(), c.length(), c.precision(), c.scale())).toList();
        List<List<String>> constraints = new ArrayList<>();
        if (!t.primaryKey().isEmpty()) {
            constraints.add(t.primaryKey());
        }
        t.uniqueConstraints().forEach(u -> constraints.add(u.columns()));
        // A constraint without the tenant column spans organizations: writing by it could match another organization's row.
        LinkedHashSet<List<String>> keys = new LinkedHashSet<>();
        for (List<String> columns : constraints) {
            if (tenantColumn == null) {
                keys.add(List.copyOf(columns));
            } else if (columns.contains(tenantColumn) && columns.size() > 1) {
                keys.add(columns.stream().filter(c -> !c.equals(tenantColumn)).toList());
            }
        }
        return new TargetTable(t.schema(), t.name(), fields, t.primaryKey(), t.uniqueConstraints(), t.foreignKeys(), tenantColumn,
                List.copyOf(keys));
    }
}
