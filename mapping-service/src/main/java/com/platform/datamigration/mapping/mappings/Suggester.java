package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gathers what {@link Suggestions} proposes from: the two tables' catalogs, the organization's mappings (what loads
 * which table, for lookups) and a sample of the source's text values, read as a preview reads the source (the
 * connection's credentials, the host policy, a read-only session with a statement timeout). The sample only improves
 * proposals: a source that cannot be read gives proposals from names and types, never an error.
 */
@Component
public class Suggester {

    /** Rows sampled, text columns read, characters kept of a value. */
    static final int SAMPLE_ROWS = 200;
    static final int SAMPLE_COLUMNS = 50;
    static final int VALUE_LENGTH = 100;

    private static final Logger log = LoggerFactory.getLogger(Suggester.class);

    private final Mappings mappings;
    private final SourceTables sources;
    private final TargetCatalog targets;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;

    Suggester(Mappings mappings, SourceTables sources, TargetCatalog targets, ConnectionCredentials credentials,
            SourceConnector connector) {
        this.mappings = mappings;
        this.sources = sources;
        this.targets = targets;
        this.credentials = credentials;
        this.connector = connector;
    }

    /** Proposed field mappings; 422 {@code SOURCE_NOT_FOUND} or {@code TARGET_NOT_FOUND} naming the table's field. */
    public Mono<List<Suggestions.Suggestion>> suggest(OrganizationId org, MappingSpec.Source source, MappingSpec.Target target) {
        return Mono.zip(sources.find(org, source.connectionId(), source.schema(), source.table()), targets.tables())
                .flatMap(t -> {
                    Optional<TargetCatalog.TargetTable> table = t.getT2().stream()
                            .filter(tt -> tt.schema().equals(target.schema()) && tt.name().equals(target.table())).findFirst();
                    if (t.getT1().isEmpty() || table.isEmpty()) {
                        return Mono.error(Problems.unprocessable(t.getT1().isEmpty() ? "SOURCE_NOT_FOUND" : "TARGET_NOT_FOUND",
                                t.getT1().isEmpty() ? "source.table" : "target.table", "No such table."));
                    }
                    TableInfo from = t.getT1().get();
                    return Mono.zip(mappings.list(org).collectList(), mappings.lookupTargets(org), samples(org, source, from))
                            .map(m -> Suggestions.suggest(from, table.get(), new Suggestions.Context(source.connectionId(), m.getT3(),
                                    loaders(m.getT1(), m.getT2()), generatedKeys(t.getT2()), Lookups.of(m.getT2(), (x, k) -> Optional.empty()))));
                });
    }

    /** The mappings that lookups can name, with the expression of their key field. */
    private static List<Suggestions.Loader> loaders(List<Mappings.View> views, Map<String, Lookups.Target> lookupTargets) {
        List<Suggestions.Loader> out = new ArrayList<>();
        for (Mappings.View v : views) {
            if (!lookupTargets.containsKey(v.name())) {
                continue;
            }
            String key = v.spec().key().get(0);
            String expression = v.spec().fields().stream().filter(f -> f.target().equals(key)).map(MappingSpec.Field::expression)
                    .findFirst().orElse(null);
            out.add(new Suggestions.Loader(v.name(), v.spec().target().schema(), v.spec().target().table(), expression, v.spec().source()));
        }
        return out;
    }

    /** Target tables whose row key the database fills itself. */
    private static Set<String> generatedKeys(List<TargetCatalog.TargetTable> tables) {
        Set<String> out = new HashSet<>();
        for (TargetCatalog.TargetTable t : tables) {
            if (!t.rowKey().isEmpty() && t.rowKey().stream().allMatch(k -> t.fields().stream()
                    .anyMatch(f -> f.name().equals(k) && (f.generated() || f.hasDefault())))) {
                out.add(t.schema() + "." + t.name());
            }
        }
        return out;
    }

    /** Non-null values of the source's text columns in its first rows; none where the source cannot be read. */
    private Mono<Map<String, List<String>>> samples(OrganizationId org, MappingSpec.Source source, TableInfo table) {
        List<TableInfo.ColumnInfo> text = table.columns().stream()
                .filter(c -> NormalizedType.of(c.normalizedType()) == NormalizedType.STRING).limit(SAMPLE_COLUMNS).toList();
        if (text.isEmpty()) {
            return Mono.just(Map.of());
        }
        return credentials.of(org, new ConnectionId(source.connectionId()))
                .flatMap(creds -> Mono.fromCallable(() -> read(creds, table, text)).subscribeOn(Schedulers.boundedElastic()))
                .timeout(Duration.ofSeconds(30))
                .onErrorResume(e -> {
                    log.info("Suggestions for {}.{} from names only: the source could not be sampled ({})", table.schema(), table.name(),
                            e.getClass().getSimpleName());
                    return Mono.just(Map.of());
                });
    }

    private Map<String, List<String>> read(SourceCredentials creds, TableInfo table, List<TableInfo.ColumnInfo> text) throws Exception {
        SqlDialect dialect = SqlDialect.of(creds.type());
        Map<String, List<String>> out = new LinkedHashMap<>();
        text.forEach(c -> out.put(c.name(), new ArrayList<>()));
        try (Connection c = connector.open(creds).connection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("SELECT " + dialect.columns(text.stream().map(TableInfo.ColumnInfo::name).toList())
                    + " FROM " + dialect.table(table.schema(), table.name()) + " LIMIT " + SAMPLE_ROWS)) {
                st.setQueryTimeout(10);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 0; i < text.size(); i++) {
                            String v = rs.getString(i + 1);
                            if (v != null) {
                                out.get(text.get(i).name()).add(v.length() > VALUE_LENGTH ? v.substring(0, VALUE_LENGTH) : v);
                            }
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return out;
    }
}
