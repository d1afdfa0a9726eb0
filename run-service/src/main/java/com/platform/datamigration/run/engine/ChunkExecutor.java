package com.platform.datamigration.run.engine;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TenantScope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;

/**
 * Moves one chunk: reads the source rows of its key range, applies the pinned mapping, writes them into the target
 * on a connection whose transaction the caller owns (and commits together with the ledger).
 *
 * <p>Fast path: a PostgreSQL source and a mapping that compiles to SQL stream {@code COPY (SELECT …) TO STDOUT
 * (FORMAT binary)} straight into {@code COPY … FROM STDIN (FORMAT binary)}, with no per-row work here. Any row the
 * fast path cannot take (a value that fails its conversion, a row the target refuses) sends the whole chunk down
 * the decode path, which maps each row in Java, quarantines the failing ones with their raw values, and writes the
 * rest with text COPY, falling back to row-by-row inserts under savepoints for a batch the target refuses.
 *
 * <p>Tenancy: on a multi-tenant platform every row written carries the run's organization in the tenant column
 * (added here, never mapped), conflicts are matched on the tenant column and the mapping's key together, and every
 * lookup, read-back and reconciliation sees only the organization's rows.
 */
public final class ChunkExecutor {

    private static final int BATCH = 5_000;
    // Rows fetched per round trip on the decode path: enough to hide the round trip, few enough that rows in flight
    // stay in the young generation.
    private static final int FETCH = 2_000;
    private static final int PIPE_BUFFER = 256 * 1024;

    /** A row that does not arrive in the target, with the values it was read with. */
    public record Reject(Map<String, String> sourceKey, Map<String, String> raw, String field, String code, String reason,
                         boolean refusedByTarget) {
    }

    /**
     * @param path {@code COPY_BINARY}, {@code COPY_BINARY_MERGE}, {@code DECODE} or {@code REPLAY}
     */
    public record Result(long rowsRead, long rowsWritten, Rejects rejects, String path, Reconciliation reconciliation) {
        public Result(long rowsRead, long rowsWritten, Rejects rejects, String path) {
            this(rowsRead, rowsWritten, rejects, path, null);
        }
    }

    /** Where a chunk's rows come from. */
    public interface Rows {
        /** Reads each source row (column → value as JDBC returns it) into {@code sink}; returns the rows read. */
        long read(RowSink sink) throws SQLException;
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(Map<String, Object> row) throws SQLException;
    }

    private final Pinned pinned;
    private final TenantScope tenant;
    private final Pinned.TargetColumn tenantColumn;
    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, Expression> expressions = new LinkedHashMap<>();
    private final Expression filter;
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, Optional<Object>> lookupCache = new HashMap<>();
    private Connection lookupConnection;

    /**
     * @param tenant the organization whose rows this chunk writes; the target must have its tenant column and the mapping
     *               must not name it
     * @throws IllegalStateException when the target or the mapping does not fit the tenant scope
     */
    public ChunkExecutor(Pinned pinned, TenantScope tenant) {
        this.pinned = pinned;
        this.tenant = tenant;
        if (tenant.scoped()) {
            tenantColumn = pinned.target().column(tenant.column());
            if (tenantColumn == null) {
                throw new IllegalStateException("the target table " + pinned.targetName() + " has no tenant column");
            }
            if (pinned.spec().fields().stream().anyMatch(f -> tenant.isTenantColumn(f.target()))
                    || pinned.spec().key().stream().anyMatch(tenant::isTenantColumn)) {
                throw new IllegalStateException("the mapping names the tenant column");
            }
        } else {
            tenantColumn = null;
        }
        pinned.source().columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        Lookups lookups = Lookups.of(pinned.lookupTargets() == null ? Map.of() : pinned.lookupTargets(), this::lookup);
        pinned.spec().fields().forEach(f -> expressions.put(f.target(), Expression.compile(f.expression(), types, lookups)));
        String f = pinned.spec().filter();
        filter = f == null || f.isBlank() ? null : Expression.compile(f, types, lookups);
        read.addAll(pinned.source().primaryKey());
        expressions.values().forEach(e -> read.addAll(e.columns()));
        if (filter != null) {
            read.addAll(filter.columns());
        }
    }

    /** Whether the chunk can take the binary COPY pipe: PostgreSQL on both ends, all in SQL, built-in target types. */
    public boolean fastPathPossible() {
        return pinned.sourceType() == DatabaseType.POSTGRESQL
                && expressions.values().stream().allMatch(Expression::pushable)
                && (filter == null || filter.pushable())
                && targetColumns().stream().allMatch(c -> pinned.target().column(c).builtin())
                && (tenantColumn == null || tenantColumn.builtin());
    }

    /** The mapped target columns, in the mapping's order. */
    private List<String> targetColumns() {
        return new ArrayList<>(expressions.keySet());
    }

    /** The columns every write fills: the mapped ones, then the tenant column. */
    private List<String> writtenColumns() {
        List<String> columns = targetColumns();
        if (tenant.scoped()) {
            columns.add(tenant.column());
        }
        return columns;
    }

    /** What identifies a row of the target: the tenant column with the mapping's key. */
    private List<String> conflictKey() {
        List<String> key = new ArrayList<>();
        if (tenant.scoped()) {
            key.add(tenant.column());
        }
        key.addAll(pinned.spec().key());
        return key;
    }

    /** The organization as a typed literal of the tenant column, for statements without parameters (COPY). */
    private String tenantLiteral() {
        return "CAST(" + tenant.organizationLiteral() + " AS " + tenantColumn.type() + ")";
    }

    private String targetTable() {
        return TargetDatabase.quote(pinned.target().schema()) + "." + TargetDatabase.quote(pinned.target().name());
    }

    private String columnList() {
        return writtenColumns().stream().map(TargetDatabase::quote).collect(Collectors.joining(", "));
    }

    private static final UnaryOperator<String> PG_QUOTE = TargetDatabase::quote;
    private static final UnaryOperator<String> MY_QUOTE = s -> "`" + s.replace("`", "``") + "`";

    private UnaryOperator<String> sourceQuote() {
        return pinned.sourceType() == DatabaseType.POSTGRESQL ? PG_QUOTE : MY_QUOTE;
    }

    private String sourceTable() {
        UnaryOperator<String> q = sourceQuote();
        return q.apply(pinned.source().schema()) + "." + q.apply(pinned.source().name());
    }

    // ---------------------------------------------------------------- key ranges

    /** The key-range condition with the bounds inlined as literals (COPY takes no parameters); PostgreSQL only. */
    String rangeLiteral(List<String> lower, List<String> upper) {
        List<String> key = pinned.source().primaryKey();
        if (lower == null && upper == null) {
            return "TRUE";
        }
        if (key.isEmpty()) {
            return positionRange(lower, upper);
        }
        return keyRange(key, PG_QUOTE, lower, upper, (i, v) -> {
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a key value holds a NUL character");
            }
            return "CAST('" + v.replace("'", "''") + "' AS " + pinned.source().column(key.get(i)).nativeType() + ")";
        });
    }

    /** {@code (columns) >= (lower) AND (columns) < (upper)} with each bound value written by {@code literal(index, value)}. */
    private static String keyRange(List<String> columns, UnaryOperator<String> quote, List<String> lower, List<String> upper,
            java.util.function.BiFunction<Integer, String, String> literal) {
        String tuple = "(" + columns.stream().map(quote).collect(Collectors.joining(", ")) + ")";
        List<String> parts = new ArrayList<>();
        for (List<String> bound : java.util.Arrays.asList(lower, upper)) {
            if (bound == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(literal.apply(i, bound.get(i)));
            }
            parts.add(tuple + (bound == lower ? " >= (" : " < (") + String.join(", ", values) + ")");
        }
        return String.join(" AND ", parts);
    }

    private static final java.util.regex.Pattern TID = java.util.regex.Pattern.compile("\\(\\d{1,10},\\d{1,5}\\)");

    /** A table without a key is chunked by physical position (see Planner#physicalRanges): a range of tuple ids. */
    private static String positionRange(List<String> lower, List<String> upper) {
        return keyRange(List.of("ctid"), PG_QUOTE, lower, upper, (i, v) -> {
            if (!TID.matcher(v).matches()) {
                throw new IllegalArgumentException("not a tuple id range");
            }
            return "'" + v + "'::tid";
        });
    }

    /** The key-range condition with parameters, and binds them. */
    private String rangeParameters(List<String> lower, List<String> upper, List<String> binds) {
        List<String> key = pinned.source().primaryKey();
        if (lower == null && upper == null) {
            return "1 = 1";
        }
        if (key.isEmpty()) {
            return positionRange(lower, upper);  // checked tuple ids, inlined
        }
        boolean pg = pinned.sourceType() == DatabaseType.POSTGRESQL;
        return keyRange(key, sourceQuote(), lower, upper, (i, v) -> {
            binds.add(v);
            return pg ? "CAST(? AS " + pinned.source().column(key.get(i)).nativeType() + ")" : "?";
        });
    }

    // ---------------------------------------------------------------- fast path

    /** The SELECT of mapped values, cast to the target's types, for one key range. */
    String mappedSelect(List<String> lower, List<String> upper) {
        String select = targetColumns().stream()
                .map(t -> "CAST((" + expressions.get(t).toSql(PG_QUOTE) + ") AS " + pinned.target().column(t).type() + ")")
                .collect(Collectors.joining(", ")) + (tenant.scoped() ? ", " + tenantLiteral() : "");
        String where = rangeLiteral(lower, upper) + (filter == null ? "" : " AND (" + filter.toSql(PG_QUOTE) + ") IS TRUE");
        return "SELECT " + select + " FROM " + sourceTable() + " WHERE " + where;
    }

    /**
     * Pipes the chunk through binary COPY into {@code table} (the target, or a staging table).
     *
     * @return rows written
     * @throws SQLException when a row fails on either side; the target transaction must then be rolled back
     */
    long pipe(Connection source, Connection target, String table, List<String> lower, List<String> upper) throws SQLException {
        return pipe(source, target, table, lower, upper, null);
    }

    /** The pipe, adding every row that passes to {@code digest} (when not null). */
    long pipe(Connection source, Connection target, String table, List<String> lower, List<String> upper, RowDigest digest)
            throws SQLException {
        CopyManager from = source.unwrap(PGConnection.class).getCopyAPI();
        CopyManager to = target.unwrap(PGConnection.class).getCopyAPI();
        CopyOut out = from.copyOut("COPY (" + mappedSelect(lower, upper) + ") TO STDOUT (FORMAT binary)");
        CopyIn in;
        try {
            in = to.copyIn("COPY " + table + " (" + columnList() + ") FROM STDIN (FORMAT binary)");
        } catch (SQLException e) {
            out.cancelCopy();
            throw e;
        }
        try {
            // Rows are passed on as they arrive, gathered into large CopyData messages: no decoding, one copy of bytes.
            byte[] batch = new byte[PIPE_BUFFER];
            int used = 0;
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                if (digest != null) {
                    digest.add(row);
                }
                if (used + row.length > batch.length) {
                    if (used > 0) {
                        in.writeToCopy(batch, 0, used);
                        used = 0;
                    }
                    if (row.length > batch.length) {
                        in.writeToCopy(row, 0, row.length);
                        continue;
                    }
                }
                System.arraycopy(row, 0, batch, used, row.length);
                used += row.length;
            }
            if (used > 0) {
                in.writeToCopy(batch, 0, used);
            }
            return in.endCopy();
        } catch (SQLException e) {
            if (out.isActive()) {
                try {
                    out.cancelCopy();
                } catch (SQLException ignored) {
                    // the source connection is discarded anyway
                }
            }
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // the target transaction is rolled back anyway
                }
            }
            throw e;
        }
    }

    /** A staging table with the mapped columns' types and no constraints, dropped at commit. */
    String createStaging(Connection target, String name) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TEMP TABLE " + name + " ON COMMIT DROP AS SELECT " + columnList() + " FROM " + targetTable()
                    + " WITH NO DATA");
        }
        return name;
    }

    /**
     * Merges staged rows by the tenant column and the mapping's key as its conflict policy says ({@code UPSERT} or
     * {@code SKIP}): only a row of the same organization is ever updated or skipped.
     */
    long merge(Connection target, String staging) throws SQLException {
        List<String> key = pinned.spec().key();
        List<String> others = targetColumns().stream().filter(c -> !key.contains(c)).toList();
        String conflict = " ON CONFLICT (" + conflictKey().stream().map(TargetDatabase::quote).collect(Collectors.joining(", ")) + ") ";
        String action = "UPSERT".equals(pinned.spec().onConflict()) && !others.isEmpty()
                ? "DO UPDATE SET " + others.stream().map(c -> TargetDatabase.quote(c) + " = EXCLUDED." + TargetDatabase.quote(c))
                .collect(Collectors.joining(", "))
                : "DO NOTHING";
        try (Statement st = target.createStatement()) {
            return st.executeUpdate("INSERT INTO " + targetTable() + " (" + columnList() + ") SELECT " + columnList() + " FROM "
                    + staging + conflict + action);
        }
    }

    public boolean mergeAllowed() {
        return !"FAIL".equals(pinned.spec().onConflict());
    }

    // ---------------------------------------------------------------- decode path

    /** Source rows of a key range, streamed with bounded memory. */
    public Rows sourceRows(Connection source, List<String> lower, List<String> upper) {
        return sink -> {
            UnaryOperator<String> q = sourceQuote();
            List<String> binds = new ArrayList<>();
            String where = rangeParameters(lower, upper, binds);
            String sql = "SELECT " + read.stream().map(q).collect(Collectors.joining(", ")) + " FROM " + sourceTable() + " WHERE "
                    + where;
            List<TableInfo.ColumnInfo> columns = read.stream().map(c -> pinned.source().column(c)).toList();
            source.setAutoCommit(false);
            long n = 0;
            try (PreparedStatement st = source.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(FETCH);
                if (pinned.sourceType() == DatabaseType.POSTGRESQL) {
                    // Values in binary from the first execution: no text formatting on the source, no parsing here.
                    st.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                }
                for (int i = 0; i < binds.size(); i++) {
                    st.setString(i + 1, binds.get(i));
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>(columns.size() * 2);
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i).name(), value(rs, i + 1, columns.get(i)));
                        }
                        sink.accept(row);
                        n++;
                    }
                }
            }
            source.commit();
            return n;
        };
    }

    static Object value(ResultSet rs, int i, TableInfo.ColumnInfo col) throws SQLException {
        return switch (col.normalizedType()) {
            case "TIMESTAMPTZ" -> rs.getObject(i, OffsetDateTime.class);
            case "TIMESTAMP" -> rs.getObject(i, LocalDateTime.class);
            case "DATE" -> rs.getObject(i, LocalDate.class);
            case "STRING", "ENUM", "SET", "TIME", "INTERVAL", "JSON", "UUID", "OTHER", "ARRAY" -> rs.getString(i);
            case "BOOLEAN" -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : b;
            }
            default -> rs.getObject(i);
        };
    }

    /** Raw (text) values back to the types the source column has, for a replay. */
    public Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> row = new HashMap<>();
        raw.forEach((column, text) -> {
            TableInfo.ColumnInfo col = pinned.source().column(column);
            row.put(column, text == null || col == null ? text : switch (col.normalizedType()) {
                case "TIMESTAMPTZ" -> OffsetDateTime.parse(text);
                case "TIMESTAMP" -> LocalDateTime.parse(text);
                case "DATE" -> LocalDate.parse(text);
                case "INT16", "INT32", "INT64" -> Long.parseLong(text);
                case "DECIMAL" -> new BigDecimal(text);
                case "FLOAT32", "FLOAT64" -> Double.parseDouble(text);
                case "BOOLEAN" -> Boolean.parseBoolean(text);
                default -> text;
            });
        });
        return row;
    }

    /**
     * Maps each row in Java and writes the good ones into {@code table}; {@code rowByRow} writes directly into the
     * target with one insert per row (conflict policy applied) for batches COPY could not take.
     */
    public Result decode(Rows rows, Connection target, String path) throws SQLException {
        lookupConnection = target;
        // One COPY streams the whole chunk while rows are still being read and mapped, so source, worker and target work
        // at the same time. Lookups query the target on this connection, which an open COPY would block: those map in
        // batches. A row the target refuses aborts the COPY: the chunk is then redone in batches, row by row where needed.
        boolean lookups = expressions.values().stream().anyMatch(e -> !e.pushable()) || (filter != null && !filter.pushable());
        if (!lookups) {
            // Binary COPY when every column has an encoder; a value of an unexpected shape sends the chunk to text,
            // where the target's own conversion decides; a row the target refuses, to batches.
            List<String> columns = writtenColumns();
            BinaryCopyWriter binary = BinaryCopyWriter.forColumns(columns.stream().map(c -> pinned.target().column(c).type()).toList(),
                    columns.stream().map(c -> tenant.isTenantColumn(c) ? Type.STRING : expressions.get(c).type()).toList());
            for (CopyWriter writer : binary != null ? List.of(binary, new TextCopyWriter()) : List.<CopyWriter>of(new TextCopyWriter())) {
                Savepoint savepoint = target.setSavepoint();
                try {
                    Result streamed = decodeStreaming(rows, target, path, writer);
                    target.releaseSavepoint(savepoint);
                    return streamed;
                } catch (BinaryCopyWriter.Unencodable e) {
                    target.rollback(savepoint);
                } catch (SQLException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    target.rollback(savepoint);
                    break;
                }
            }
        }
        return decodeInBatches(rows, target, path);
    }

    private Result decodeStreaming(Rows rows, Connection target, String path, CopyWriter out) throws SQLException {
        Rejects rejects = new Rejects();
        List<String> columns = targetColumns();
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + targetTable() + " (" + columnList() + ") FROM STDIN" + out.options());
        try {
            out.header();
            long readCount = rows.read(row -> {
                Object[] mapped = map(row, columns, rejects);
                if (mapped == null) {
                    return;
                }
                out.row(mapped);
                if (out.size() >= PIPE_BUFFER / 2) {
                    in.writeToCopy(out.bytes(), 0, out.size());
                    out.clear();
                }
            });
            out.trailer();
            in.writeToCopy(out.bytes(), 0, out.size());
            long written = in.endCopy();
            return new Result(readCount, written, rejects, path);
        } catch (SQLException | RuntimeException e) {
            rejects.close();
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // rolled back by the caller
                }
            }
            throw e;
        } finally {
            out.clear();
        }
    }

    /** Rows as text {@code COPY} lines, for target types the binary writer does not encode. */
    private static final class TextCopyWriter extends CopyWriter {
        private final StringBuilder line = new StringBuilder();

        @Override
        String options() {
            return "";
        }

        @Override
        void row(Object[] values) {
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                appendText(line, values[i]);
            }
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            put(bytes, 0, bytes.length);
        }
    }

    /**
     * The row's mapped values followed by the organization (on a multi-tenant platform), or null when it is filtered out
     * or rejected (the reject is recorded).
     */
    private Object[] map(Map<String, Object> row, List<String> columns, Rejects rejects) {
        if (filter != null) {
            Object keep;
            try {
                keep = filter.evaluate(row);
            } catch (ExpressionException e) {
                rejects.add(reject(row, "filter", e.code(), e.getMessage(), false));
                return null;
            }
            if (!Boolean.TRUE.equals(keep)) {
                return null;
            }
        }
        Object[] mapped = new Object[columns.size() + (tenant.scoped() ? 1 : 0)];
        if (tenant.scoped()) {
            mapped[columns.size()] = tenant.organizationId();
        }
        for (int i = 0; i < columns.size(); i++) {
            try {
                mapped[i] = expressions.get(columns.get(i)).evaluate(row);
            } catch (ExpressionException e) {
                rejects.add(reject(row, columns.get(i), e.code(), e.getMessage(), false));
                return null;
            } catch (RuntimeException e) {
                rejects.add(reject(row, columns.get(i), "CONVERSION_FAILED", "The value could not be converted.", false));
                return null;
            }
        }
        return mapped;
    }

    private Result decodeInBatches(Rows rows, Connection target, String path) throws SQLException {
        Rejects rejects = new Rejects();
        List<Object[]> batch = new ArrayList<>(BATCH);
        List<Map<String, Object>> batchSource = new ArrayList<>(BATCH);
        long[] written = {0};
        List<String> columns = targetColumns();
        try {
            long readCount = rows.read(row -> {
                Object[] mapped = map(row, columns, rejects);
                if (mapped == null) {
                    return;
                }
                batch.add(mapped);
                batchSource.add(row);
                if (batch.size() >= BATCH) {
                    written[0] += flush(target, batch, batchSource, rejects);
                }
            });
            written[0] += flush(target, batch, batchSource, rejects);
            return new Result(readCount, written[0], rejects, path);
        } catch (SQLException | RuntimeException e) {
            rejects.close();
            throw e;
        }
    }

    private long flush(Connection target, List<Object[]> batch, List<Map<String, Object>> sources, Rejects rejects)
            throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        long n;
        Savepoint savepoint = target.setSavepoint();
        try {
            n = copyText(target, targetTable(), batch);
            target.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            target.rollback(savepoint);
            n = rowByRow(target, batch, sources, rejects);
        }
        batch.clear();
        sources.clear();
        return n;
    }

    /** Text COPY of mapped rows. */
    long copyText(Connection target, String table, List<Object[]> rows) throws SQLException {
        TextCopyWriter text = new TextCopyWriter();
        rows.forEach(text::row);
        CopyManager to = target.unwrap(PGConnection.class).getCopyAPI();
        CopyIn in = to.copyIn("COPY " + table + " (" + columnList() + ") FROM STDIN");
        try {
            in.writeToCopy(text.bytes(), 0, text.size());
            return in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // rolled back by the caller
                }
            }
            throw e;
        }
    }

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private static void appendText(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        String s;
        if (v instanceof Boolean b) {
            s = b ? "t" : "f";
        } else if (v instanceof BigDecimal d) {
            s = d.toPlainString();
        } else if (v instanceof LocalDateTime t) {
            s = TS.format(t);
        } else if (v instanceof OffsetDateTime t) {
            s = t.toString();
        } else if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("\\x");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            s = hex.toString();
        } else {
            s = v.toString();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { }
                default -> out.append(c);
            }
        }
    }

    /** One insert per row under a savepoint: the target's refusals become rejects, with the conflict policy applied. */
    private long rowByRow(Connection target, List<Object[]> batch, List<Map<String, Object>> sources, Rejects rejects)
            throws SQLException {
        List<String> columns = writtenColumns();
        List<String> key = pinned.spec().key();
        List<String> others = targetColumns().stream().filter(c -> !key.contains(c)).toList();
        String conflictTarget = conflictKey().stream().map(TargetDatabase::quote).collect(Collectors.joining(", "));
        String conflict = switch (pinned.spec().onConflict()) {
            case "UPSERT" -> " ON CONFLICT (" + conflictTarget + ") "
                    + (others.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + others.stream()
                    .map(c -> TargetDatabase.quote(c) + " = EXCLUDED." + TargetDatabase.quote(c)).collect(Collectors.joining(", ")));
            case "SKIP" -> " ON CONFLICT (" + conflictTarget + ") DO NOTHING";
            default -> "";
        };
        String sql = "INSERT INTO " + targetTable() + " (" + columnList() + ") VALUES ("
                + columns.stream().map(c -> "CAST(? AS " + pinned.target().column(c).type() + ")").collect(Collectors.joining(", "))
                + ")" + conflict;
        long n = 0;
        try (PreparedStatement st = target.prepareStatement(sql)) {
            for (int r = 0; r < batch.size(); r++) {
                Object[] row = batch.get(r);
                for (int i = 0; i < row.length; i++) {
                    st.setObject(i + 1, row[i] instanceof Boolean || row[i] == null ? row[i] : row[i] instanceof byte[] ? row[i]
                            : text(row[i]));
                }
                Savepoint sp = target.setSavepoint();
                try {
                    n += st.executeUpdate() > 0 ? 1 : 0;
                    target.releaseSavepoint(sp);
                } catch (SQLException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    target.rollback(sp);
                    rejects.add(refused(sources.get(r), e));
                }
            }
        }
        return n;
    }

    private static Object text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : v instanceof LocalDateTime t ? TS.format(t) : v.toString();
    }

    /** A data or constraint error (SQL state classes 22 and 23): the row's fault, not the infrastructure's. */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("21000"));
    }

    private Reject refused(Map<String, Object> row, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        var server = e instanceof PSQLException pe ? pe.getServerErrorMessage() : null;
        String column = server == null ? null : server.getColumn();
        String constraint = server == null ? null : server.getConstraint();
        return switch (state) {
            case "23502" -> reject(row, column, "NOT_NULL_VIOLATION", "The target field " + column + " may not be null.", true);
            case "23505" -> reject(row, String.join(",", pinned.spec().key()), "UNIQUE_VIOLATION",
                    "Another row has the same value for the unique constraint " + constraint + ".", true);
            case "23503" -> reject(row, null, "FOREIGN_KEY_VIOLATION", "A referenced row does not exist (" + constraint + ").", true);
            case "23514" -> reject(row, null, "CHECK_VIOLATION", "The check " + constraint + " fails.", true);
            default -> reject(row, null, "TARGET_REFUSED", "The target refused the row (SQL state " + state + ").", true);
        };
    }

    private Reject reject(Map<String, Object> row, String field, String code, String reason, boolean byTarget) {
        Map<String, String> key = new LinkedHashMap<>();
        pinned.source().primaryKey().forEach(k -> key.put(k, raw(row.get(k))));
        Map<String, String> raw = new LinkedHashMap<>();
        read.forEach(c -> raw.put(c, raw(row.get(c))));
        return new Reject(key, raw, field, code, reason, byTarget);
    }

    private static String raw(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    private Optional<Object> lookup(Lookups.Target t, Object key) {
        String cacheKey = t.schema() + "." + t.table() + ":" + key;
        Optional<Object> hit = lookupCache.get(cacheKey);
        if (hit != null) {
            return hit;
        }
        // Only the organization's own rows answer: another organization's row with the same key is not there for this run.
        String sql = "SELECT " + TargetDatabase.quote(t.primaryKey()) + " FROM " + TargetDatabase.quote(t.schema()) + "."
                + TargetDatabase.quote(t.table()) + " WHERE " + TargetDatabase.quote(t.keyField()) + " = CAST(? AS " + t.keyType() + ")"
                + (tenant.scoped() ? " AND " + TargetDatabase.quote(tenant.column()) + " = ?" : "");
        try (PreparedStatement st = lookupConnection.prepareStatement(sql)) {
            st.setObject(1, key instanceof BigDecimal || key instanceof LocalDateTime ? text(key) : key);
            if (tenant.scoped()) {
                // Untyped: the server takes the type of the looked-up table's own tenant column.
                st.setObject(2, tenant.organizationId(), java.sql.Types.OTHER);
            }
            try (ResultSet rs = st.executeQuery()) {
                Optional<Object> found = rs.next() ? Optional.ofNullable(rs.getObject(1)) : Optional.empty();
                if (lookupCache.size() > 200_000) {
                    lookupCache.clear();
                }
                if (found.isPresent()) {
                    lookupCache.put(cacheKey, found);
                }
                return found;
            }
        } catch (SQLException e) {
            throw new ExpressionException("LOOKUP_FAILED", "the lookup could not be run (SQL state " + e.getSQLState() + ")");
        }
    }

    // ---------------------------------------------------------------- reconciliation

    /** Count and hash of one chunk, the source's mapped values against the target's rows with the same keys. */
    /**
     * @param method {@code stream} (the rows hashed as they left the source, against the target's copy read back) or
     *               {@code remap} (the source mapped again into a staging table and joined with the target by key)
     */
    public record Reconciliation(String method, long mapped, long matched, long refused, String sourceHash, String targetHash,
                                 boolean ok) {
    }

    /**
     * Whether the chunk's rows can be found again in the target by the chunk's own key range: the target key is the
     * source key, column for column, copied unchanged, and integral on both sides (so both order it the same way).
     */
    public boolean keyRangeCarriesOver() {
        List<String> targetKey = pinned.spec().key();
        List<String> sourceKey = pinned.source().primaryKey();
        if (targetKey.isEmpty() || targetKey.size() != sourceKey.size()) {
            return false;
        }
        for (int i = 0; i < targetKey.size(); i++) {
            Expression e = expressions.get(targetKey.get(i));
            TableInfo.ColumnInfo from = pinned.source().column(sourceKey.get(i));
            Pinned.TargetColumn to = pinned.target().column(targetKey.get(i));
            if (e == null || !e.columnReference().map(sourceKey.get(i)::equals).orElse(false) || from == null || to == null
                    || !INTEGRAL_SOURCE.contains(from.normalizedType()) || !INTEGRAL_TARGET.contains(to.type())) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> INTEGRAL_SOURCE = Set.of("INT16", "INT32", "INT64");
    private static final Set<String> INTEGRAL_TARGET = Set.of("smallint", "integer", "bigint");

    /**
     * Reads back, in the writing transaction, the rows it has just written into the target for this chunk (the chunk's
     * key range, rows of this transaction only) as binary COPY, and compares them with what came out of the source:
     * the same number of rows and the same order-independent hash of their bytes. Source and target send the same
     * types, so equal values are equal bytes. Requires {@link #keyRangeCarriesOver()}.
     */
    public Reconciliation readBack(Connection target, List<String> lower, List<String> upper, RowDigest written) throws SQLException {
        long xid;
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery("SELECT txid_current() % 4294967296")) {
            rs.next();
            xid = rs.getLong(1);
        }
        List<String> parts = new ArrayList<>();
        String range = keyRange(pinned.spec().key(), PG_QUOTE, lower, upper, (i, v) -> Long.toString(Long.parseLong(v)));  // integral here
        if (!range.isEmpty()) {
            parts.add(range);
        }
        parts.add("xmin = CAST('" + xid + "' AS xid)");
        if (tenant.scoped()) {
            parts.add(TargetDatabase.quote(tenant.column()) + " = " + tenantLiteral());
        }
        RowDigest stored = new RowDigest();
        CopyOut out = target.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + columnList() + " FROM " + targetTable()
                + " WHERE " + String.join(" AND ", parts) + ") TO STDOUT (FORMAT binary)");
        byte[] row;
        while ((row = out.readFromCopy()) != null) {
            stored.add(row);
        }
        String sh = Long.toUnsignedString(written.sum());
        String th = Long.toUnsignedString(stored.sum());
        return new Reconciliation("stream", written.rows(), stored.rows(), 0, sh, th, written.rows() == stored.rows() && sh.equals(th));
    }

    /**
     * Rows of a binary COPY stream, counted and hashed independently of their order: the sum of a 64-bit hash of each
     * row's bytes. The stream's header is skipped and its trailer not counted, so two streams of the same rows in any
     * order give the same figures.
     */
    public static final class RowDigest {
        private static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private long rows;
        private long sum;

        public void add(byte[] message) {
            int from = 0;
            byte[] signature = BinaryCopyWriter.SIGNATURE;
            int header = BinaryCopyWriter.HEADER_LENGTH;
            if (message.length >= header && java.util.Arrays.equals(message, 0, signature.length, signature, 0, signature.length)) {
                int extension = ((message[header - 4] & 0xff) << 24) | ((message[header - 3] & 0xff) << 16)
                        | ((message[header - 2] & 0xff) << 8) | (message[header - 1] & 0xff);
                from = header + extension;
            }
            if (message.length - from < 2 || (message.length - from == 2 && message[from] == (byte) 0xff && message[from + 1] == (byte) 0xff)) {
                return;  // the header alone, or the trailer
            }
            rows++;
            sum += hash(message, from, message.length);
        }

        public long rows() {
            return rows;
        }

        public long sum() {
            return sum;
        }

        static long hash(byte[] b, int from, int to) {
            long h = 0x9E3779B97F4A7C15L ^ (to - from);
            int i = from;
            for (; i + 8 <= to; i += 8) {
                h = Long.rotateLeft(h ^ mix((long) LONGS.get(b, i)), 27) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            }
            long tail = 0;
            for (int shift = 0; i < to; i++, shift += 8) {
                tail |= (b[i] & 0xffL) << shift;
            }
            return mix(h ^ mix(tail));
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    /**
     * Maps the chunk again into a staging table on {@code target} and compares it with the target by key: every mapped
     * row that the target did not refuse must be there, with the same values.
     */
    public Reconciliation reconcile(Connection source, Connection target, List<String> lower, List<String> upper, boolean fast,
            long refused) throws SQLException {
        String staging = createStaging(target, "dm_reconcile");
        if (fast) {
            pipe(source, target, staging, lower, upper);
        } else {
            lookupConnection = target;
            List<Object[]> batch = new ArrayList<>();
            List<String> columns = targetColumns();
            Rows rows = sourceRows(source, lower, upper);
            Rejects ignored = Rejects.counting();
            rows.read(row -> {
                Object[] mapped = map(row, columns, ignored);
                if (mapped == null) {
                    return;
                }
                batch.add(mapped);
                if (batch.size() >= BATCH) {
                    copyText(target, staging, batch);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                copyText(target, staging, batch);
            }
        }
        // Staged rows carry the organization, so the join by tenant column and key sees only the organization's target rows.
        String on = conflictKey().stream().map(k -> "t." + TargetDatabase.quote(k) + " = r." + TargetDatabase.quote(k))
                .collect(Collectors.joining(" AND "));
        String r = targetColumns().stream().map(c -> "r." + TargetDatabase.quote(c)).collect(Collectors.joining(", "));
        String t = targetColumns().stream().map(c -> "t." + TargetDatabase.quote(c)).collect(Collectors.joining(", "));
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + staging
                + "), count(t.*), coalesce(sum(hashtextextended(ROW(" + r + ")::text, 0)), 0), coalesce(sum(hashtextextended(ROW(" + t
                + ")::text, 0)), 0) FROM " + staging + " r JOIN " + targetTable() + " t ON " + on)) {
            rs.next();
            long mapped = rs.getLong(1);
            long matched = rs.getLong(2);
            String sh = rs.getBigDecimal(3).toPlainString();
            String th = rs.getBigDecimal(4).toPlainString();
            return new Reconciliation("remap", mapped, matched, refused, sh, th, matched == mapped - refused && sh.equals(th));
        }
    }
}
