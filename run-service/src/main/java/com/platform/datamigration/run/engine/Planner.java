package com.platform.datamigration.run.engine;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans a requested run (api role, consumer group {@code run-planner}): splits each pinned mapping's source table into
 * key-range chunks sized from the catalog's row estimate, records them in the ledger, and lets the progress ticker
 * publish the first stage's chunks. Planning a run twice (a redelivered request) changes nothing.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
public class Planner {

    static final String GROUP = "run-planner";
    private static final Logger log = LoggerFactory.getLogger(Planner.class);
    private static final Set<String> INTEGER_TYPES = Set.of("INT16", "INT32", "INT64");

    private final EventReader reader;
    private final RunStore runs;
    private final ProgressTicker ticker;
    private final TargetDatabase targetDb;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final JsonMapper json;
    private final int maxChunks;

    Planner(EventReader reader, RunStore runs, ProgressTicker ticker, TargetDatabase targetDb, ConnectionCredentials credentials,
            SourceConnector connector, JsonMapper json, RunProperties props) {
        this.maxChunks = props.maxChunksPerTable();
        this.reader = reader;
        this.runs = runs;
        this.ticker = ticker;
        this.targetDb = targetDb;
        this.credentials = credentials;
        this.connector = connector;
        this.json = json;
    }

    @KafkaListener(topics = Topics.RUN_REQUESTED, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) {
        RunRequested requested = reader.read(record, RunRequested.class).event();
        UUID runId = requested.runId().value();
        if (!ticker.transition(runId, RunStatus.QUEUED, RunStatus.PLANNING, null, null)) {
            return;
        }
        try {
            RunStore.RunInfo run = runs.info(runId);
            List<Ledger.PlannedChunk> chunks = new ArrayList<>();
            for (RunStore.StagedMapping m : runs.mappings(runId)) {
                SourceCredentials creds = credentials.of(OrganizationId.of(run.organizationId()),
                        new ConnectionId(m.pinned().spec().source().connectionId())).block(Duration.ofSeconds(15));
                try (Connection source = connector.open(creds).connection()) {
                    ChunkWorker.utc(source, creds.type());
                    for (Bounds b : split(source, creds.type(), m.pinned().source(), run.options().chunkSize(), maxChunks)) {
                        chunks.add(new Ledger.PlannedChunk(chunks.size() + 1, m.pinned().mappingId(), m.ordinal(), m.stage(), ChunkKind.LOAD,
                                b.lower(), b.upper(), b.estimatedRows()));
                    }
                }
            }
            try (Connection t = targetDb.open()) {
                Ledger.insert(t, runId, run.organizationId(), chunks, json);
            }
            log.info("Run {} planned: {} chunks", runId, chunks.size());
            ticker.transition(runId, RunStatus.PLANNING, RunStatus.RUNNING, null, null);
            ticker.tick(runId);
        } catch (SourceException e) {
            ticker.transition(runId, RunStatus.PLANNING, RunStatus.FAILED, e.code().name(), e.code().message());
        } catch (SQLException e) {
            log.warn("Run {} could not be planned (SQL state {})", runId, e.getSQLState());
            ticker.transition(runId, RunStatus.PLANNING, RunStatus.FAILED, "PLANNING_FAILED",
                    "The source could not be split into chunks (SQL state " + e.getSQLState() + ").");
        }
    }

    /**
     * A PostgreSQL table without a key, split by physical position: ranges of pages read with TID range scans
     * (PostgreSQL 14 and later), as cheap as a sequential scan of the same pages. Rows updated while the run reads
     * may move between pages, so such a table should be loaded from a quiet source. Empty when the server is older
     * or the table small.
     */
    static List<Bounds> physicalRanges(Connection source, String table, int chunkSize, int maxChunks) throws SQLException {
        long pages;
        double tuples;
        try (java.sql.PreparedStatement st = source.prepareStatement("""
                SELECT current_setting('server_version_num')::int, c.relpages, c.reltuples
                FROM pg_class c WHERE c.oid = to_regclass(?)
                """)) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || rs.getInt(1) < 140000) {
                    return List.of();
                }
                pages = rs.getLong(2);
                tuples = rs.getDouble(3);
            }
        }
        if (pages <= 1 || tuples <= chunkSize) {
            return List.of();
        }
        long pagesPerChunk = Math.max(Math.max(1, (long) Math.floor(chunkSize / (tuples / pages))), (pages + maxChunks - 1) / maxChunks);
        long n = (pages + pagesPerChunk - 1) / pagesPerChunk;
        List<Bounds> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(new Bounds(i == 0 ? null : List.of("(" + i * pagesPerChunk + ",0)"),
                    i == n - 1 ? null : List.of("(" + (i + 1) * pagesPerChunk + ",0)"), (long) (tuples / n)));
        }
        return out;
    }

    /** A key range: {@code null} bounds are open. */
    record Bounds(List<String> lower, List<String> upper, long estimatedRows) {
    }

    /**
     * Key ranges of about {@code chunkSize} rows: arithmetic ranges between min and max of a single integer key,
     * boundaries every {@code chunkSize} keys in key order otherwise, and one chunk for a table without a key. Never
     * more than {@code maxChunks} ranges (about twice as many for other keys): larger tables get larger chunks. The
     * row estimate comes from the source's own statistics and is not trusted to bound anything.
     */
    static List<Bounds> split(Connection source, DatabaseType type, TableInfo table, int chunkSize, int maxChunks) throws SQLException {
        List<String> key = table.primaryKey();
        boolean pg = type == DatabaseType.POSTGRESQL;
        UnaryOperator<String> q = pg ? s -> "\"" + s.replace("\"", "\"\"") + "\"" : s -> "`" + s.replace("`", "``") + "`";
        String from = q.apply(table.schema()) + "." + q.apply(table.name());
        if (key.isEmpty()) {
            List<Bounds> byPosition = pg ? physicalRanges(source, from, chunkSize, maxChunks) : List.of();
            return byPosition.isEmpty() ? List.of(new Bounds(null, null, Math.max(0, table.rowEstimate()))) : byPosition;
        }
        try (Statement st = source.createStatement()) {
            st.setQueryTimeout(600);
            if (key.size() == 1 && INTEGER_TYPES.contains(table.column(key.get(0)).normalizedType())) {
                String k = q.apply(key.get(0));
                long rows = table.rowEstimate();
                long min;
                long max;
                try (ResultSet rs = st.executeQuery("SELECT min(" + k + "), max(" + k + ")" + (rows <= 0 ? ", count(*)" : "")
                        + " FROM " + from)) {
                    rs.next();
                    min = rs.getLong(1);
                    if (rs.wasNull()) {
                        return List.of(new Bounds(null, null, 0));
                    }
                    max = rs.getLong(2);
                    if (rows <= 0) {
                        rows = rs.getLong(3);
                    }
                }
                return integerRanges(min, max, rows, chunkSize, maxChunks);
            }
            String columns = key.stream().map(q).collect(Collectors.joining(", "));
            String text = key.stream().map(c -> pg ? q.apply(c) + "::text" : "CAST(" + q.apply(c) + " AS CHAR)")
                    .collect(Collectors.joining(", "));
            List<List<String>> boundaries = new ArrayList<>();
            int stride = 1;
            int seen = 0;
            try (ResultSet rs = st.executeQuery("SELECT " + text + " FROM (SELECT " + columns + ", row_number() OVER (ORDER BY " + columns
                    + ") AS dm_rn FROM " + from + ") dm_keys WHERE dm_rn % " + chunkSize + " = 1 AND dm_rn > 1 ORDER BY dm_rn")) {
                while (rs.next()) {
                    if (seen++ % stride != 0) {
                        continue;
                    }
                    List<String> b = new ArrayList<>();
                    for (int i = 1; i <= key.size(); i++) {
                        b.add(rs.getString(i));
                    }
                    boundaries.add(b);
                    if (boundaries.size() >= 2 * maxChunks) {
                        // Too many: keep every other boundary and take every other one from here on.
                        List<List<String>> thinned = new ArrayList<>();
                        for (int i = 1; i < boundaries.size(); i += 2) {
                            thinned.add(boundaries.get(i));
                        }
                        boundaries = thinned;
                        stride *= 2;
                        seen = 0;
                    }
                }
            }
            List<Bounds> out = new ArrayList<>();
            List<String> lower = null;
            long perChunk = (long) chunkSize * stride;
            for (List<String> b : boundaries) {
                out.add(new Bounds(lower, b, perChunk));
                lower = b;
            }
            out.add(new Bounds(lower, null, perChunk));
            return out;
        }
    }

    /**
     * Arithmetic ranges of a single integer key from {@code min} to {@code max}, at most {@code maxChunks} of them, for
     * any pair of 64-bit values (the span of a key from {@code Long.MIN_VALUE} to {@code Long.MAX_VALUE} does not fit
     * in a long, so it is computed exactly).
     */
    static List<Bounds> integerRanges(long min, long max, long rows, int chunkSize, int maxChunks) {
        long n = Math.max(1, Math.min(maxChunks, rows / chunkSize + (rows % chunkSize == 0 ? 0 : 1)));
        BigInteger low = BigInteger.valueOf(min);
        BigInteger high = BigInteger.valueOf(max);
        BigInteger span = high.subtract(low).add(BigInteger.ONE);
        BigInteger step = span.add(BigInteger.valueOf(n - 1)).divide(BigInteger.valueOf(n)).max(BigInteger.ONE);
        List<Bounds> out = new ArrayList<>();
        for (BigInteger lo = low; lo.compareTo(high) <= 0; lo = lo.add(step)) {
            BigInteger hi = lo.add(step);
            boolean last = hi.compareTo(high) > 0;
            out.add(new Bounds(lo.equals(low) ? null : List.of(lo.toString()), last ? null : List.of(hi.toString()), rows / n));
            if (last) {
                break;
            }
        }
        return out;
    }
}
