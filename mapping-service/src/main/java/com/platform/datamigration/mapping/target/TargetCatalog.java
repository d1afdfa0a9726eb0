package com.platform.datamigration.mapping.target;

import com.platform.datamigration.support.catalog.PostgresCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The target entities migrations may write: the allowed schemas' tables of the platform database, read from its
 * catalog with the same reader the explorer uses for sources.
 */
@Component
public class TargetCatalog {

    private final TargetProperties props;

    TargetCatalog(TargetProperties props) {
        this.props = props;
    }

    /** A target field as the mappings stage needs it. */
    public record TargetField(String name, String type, String normalizedType, boolean nullable, boolean hasDefault,
                              boolean generated, boolean required, Integer length, Integer precision, Integer scale) {
    }

    /** A target table with what writing to it requires. */
    public record TargetTable(String schema, String name, List<TargetField> fields, List<String> primaryKey,
                              List<TableInfo.UniqueConstraint> uniqueConstraints, List<TableInfo.ForeignKey> foreignKeys) {
    }

    public Mono<List<TargetTable>> tables() {
        return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Optional<TargetTable>> table(String schema, String name) {
        return tables().map(all -> all.stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst());
    }

    private List<TargetTable> read() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", props.username());
        if (props.password() != null && !props.password().isEmpty()) {
            credentials.setProperty("password", props.password());
        }
        credentials.setProperty("readOnly", "true");
        List<TargetTable> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(props.jdbcUrl(), credentials)) {
            c.setAutoCommit(false);
            new PostgresCatalog().discover(c, t -> {
                if ("TABLE".equals(t.kind()) || "PARTITIONED_TABLE".equals(t.kind())) {
                    if (props.schemas().contains(t.schema()) && !props.excluded().contains(t.schema() + "." + t.name())) {
                        out.add(target(t));
                    }
                }
            });
            c.rollback();
        }
        return out;
    }

    private static TargetTable target(TableInfo t) {
        List<TargetField> fields = t.columns().stream().map(c -> new TargetField(c.name(), c.nativeType(), c.normalizedType(),
                c.nullable(), c.defaultValue() != null, c.generated(),
                !c.nullable() && c.defaultValue() == null && !c.generated(), c.length(), c.precision(), c.scale())).toList();
        return new TargetTable(t.schema(), t.name(), fields, t.primaryKey(), t.uniqueConstraints(), t.foreignKeys());
    }
}
