package com.platform.datamigration.run.engine;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.runtime.copy.BinaryCopyWriter;
import com.platform.datamigration.runtime.copy.CopyWriter;
import com.platform.datamigration.runtime.copy.RowDigest;
import com.platform.datamigration.runtime.copy.TextCopyWriter;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.target.TargetLookup;
import com.platform.datamigration.runtime.target.TargetRefusal;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.runtime.value.ValueText;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TenantScope;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * Moves one chunk: reads the source rows of its key range, applies the pinned mapping, writes them into the target
 * on a connection whose transaction the caller owns (and commits together with the ledger).
 *
 * <p>Fast path: a PostgreSQL source and a mapping that compiles to SQL stream {@code COPY (SELECT …) TO STDOUT
 * (FORMAT binary)} straight into {@code COPY … FROM STDIN (FORMAT binary)}, with no per-row work here. Any row the
 * fast path cannot take (a value that fails its conversion, a row the target refuses) sends the whole chunk down
 * the decode path, which maps each row in Java and quarantines the failing ones with their raw values. It streams the
 * rest in one binary COPY when every column has a binary encoder, otherwise (or after a value the encoder cannot take)
 * in one text COPY; a mapping with lookups, or a chunk the target refuses part of, is written in batches of text COPY,
 * falling back to row-by-row inserts under savepoints for a batch the target refuses.
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
    // Lookup keys found and kept per chunk before the cache starts over.
    private static final int LOOKUP_CACHE = 200_000;
    private static final PostgresDialect PG = PostgresDialect.INSTANCE;

    /** A row that does not arrive in the target, with the values it was read with. */
    public record Reject(Map<String, String> sourceKey, Map<String, String> raw, String field, String code, String reason,
                         boolean refusedByTarget) {
    }

    /** What writing a chunk did, and how. */
    public record Result(long rowsRead, long rowsWritten, Rejects rejects, LoadPath path, Reconciliation reconciliation) {
        public Result(long rowsRead, long rowsWritten, Rejects rejects, LoadPath path) {
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
    private final SqlDialect sourceDialect;
    private final TargetTable.TargetColumn tenantColumn;
    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, Expression> expressions = new LinkedHashMap<>();
    private final Expression filter;
    private final Set<String> read = new LinkedHashSet<>();
    private final TargetLookup targetLookup;
    private Connection lookupConnection;

    /**
     * @param tenant the organization whose rows this chunk writes; the target must have its tenant column and the mapping
     *               must not name it
     * @throws IllegalStateException when the target or the mapping does not fit the tenant scope
     */
    public ChunkExecutor(Pinned pinned, TenantScope tenant) {
        this.pinned = pinned;
        this.tenant = tenant;
        this.sourceDialect = SqlDialect.of(pinned.sourceType());
        this.targetLookup = new TargetLookup(tenant.column(), tenant.organizationId(), LOOKUP_CACHE);
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
        return PG.table(pinned.target().schema(), pinned.target().name());
    }

    private String columnList() {
        return PG.columns(writtenColumns());
    }

    private String sourceTable() {
        return sourceDialect.table(pinned.source().schema(), pinned.source().name());
    }

    private List<String> nativeTypes(List<String> sourceColumns) {
        return sourceColumns.stream().map(c -> pinned.source().column(c).nativeType()).toList();
    }

    // ---------------------------------------------------------------- key ranges

    /** The key-range condition with the bounds inlined as literals (COPY takes no parameters); PostgreSQL only. */
    String rangeLiteral(List<String> lower, List<String> upper) {
        List<String> key = pinned.source().primaryKey();
        if (lower == null && upper == null) {
            return "TRUE";
        }
        if (key.isEmpty()) {
            // A table without a key is chunked by physical position (see Planner#physicalRanges): a range of tuple ids.
            return PG.tupleIdRange(lower, upper);
        }
        return PG.keyRangeLiterals(key, nativeTypes(key), lower, upper);
    }

    /** The key-range condition with parameters, and binds them. */
    private String rangeParameters(List<String> lower, List<String> upper, List<String> binds) {
        List<String> key = pinned.source().primaryKey();
        if (lower == null && upper == null) {
            return "1 = 1";
        }
        if (key.isEmpty()) {
            return PG.tupleIdRange(lower, upper);  // checked tuple ids, inlined
        }
        return sourceDialect.keyRangeParameters(key, nativeTypes(key), lower, upper, binds);
    }

    // ---------------------------------------------------------------- fast path

    /** The SELECT of mapped values, cast to the target's types, for one key range. */
    String mappedSelect(List<String> lower, List<String> upper) {
        String select = targetColumns().stream()
                .map(t -> PG.cast(expressions.get(t).toSql(PG::quote), pinned.target().column(t).type()))
                .collect(java.util.stream.Collectors.joining(", ")) + (tenant.scoped() ? ", " + tenantLiteral() : "");
        String where = rangeLiteral(lower, upper) + (filter == null ? "" : " AND (" + filter.toSql(PG::quote) + ") IS TRUE");
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
        CopyOut out = from.copyOut(PG.copyOut(mappedSelect(lower, upper)));
        CopyIn in;
        try {
            in = to.copyIn(PG.copyIn(table, writtenColumns(), " (FORMAT binary)"));
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
            st.execute(PG.createStaging(name, targetTable(), writtenColumns()));
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
        OnConflict policy = pinned.spec().onConflict() == OnConflict.UPSERT ? OnConflict.UPSERT : OnConflict.SKIP;
        try (Statement st = target.createStatement()) {
            return st.executeUpdate(PG.insertFromStaging(targetTable(), staging, writtenColumns(),
                    PG.onConflict(policy, conflictKey(), others)));
        }
    }

    public boolean mergeAllowed() {
        return pinned.spec().onConflict() != OnConflict.FAIL;
    }

    // ---------------------------------------------------------------- decode path

    /** Source rows of a key range, streamed with bounded memory. */
    public Rows sourceRows(Connection source, List<String> lower, List<String> upper) {
        return sink -> {
            List<String> binds = new ArrayList<>();
            String where = rangeParameters(lower, upper, binds);
            String sql = "SELECT " + sourceDialect.columns(List.copyOf(read)) + " FROM " + sourceTable() + " WHERE " + where;
            List<String> names = List.copyOf(read);
            List<NormalizedType> columns = names.stream().map(c -> NormalizedType.of(pinned.source().column(c).normalizedType())).toList();
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
                            row.put(names.get(i), columns.get(i).read(rs, i + 1));
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

    /** Raw (text) values back to the types the source column has, for a replay. */
    public Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> row = new HashMap<>();
        raw.forEach((column, text) -> {
            TableInfo.ColumnInfo col = pinned.source().column(column);
            row.put(column, col == null ? text : NormalizedType.of(col.normalizedType()).parse(text));
        });
        return row;
    }

    /**
     * Maps each row in Java and writes the good ones into {@code table}; {@code rowByRow} writes directly into the
     * target with one insert per row (conflict policy applied) for batches COPY could not take.
     */
    public Result decode(Rows rows, Connection target, LoadPath path) throws SQLException {
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
                    if (!TargetRefusal.isDataError(e)) {
                        throw e;
                    }
                    target.rollback(savepoint);
                    break;
                }
            }
        }
        return decodeInBatches(rows, target, path);
    }

    private Result decodeStreaming(Rows rows, Connection target, LoadPath path, CopyWriter out) throws SQLException {
        Rejects rejects = new Rejects();
        List<String> columns = targetColumns();
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(PG.copyIn(targetTable(), writtenColumns(), out.options()));
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

    private Result decodeInBatches(Rows rows, Connection target, LoadPath path) throws SQLException {
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
            if (!TargetRefusal.isDataError(e)) {
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
        CopyIn in = to.copyIn(PG.copyIn(table, writtenColumns(), text.options()));
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

    /** One insert per row under a savepoint: the target's refusals become rejects, with the conflict policy applied. */
    private long rowByRow(Connection target, List<Object[]> batch, List<Map<String, Object>> sources, Rejects rejects)
            throws SQLException {
        List<String> columns = writtenColumns();
        List<String> key = pinned.spec().key();
        List<String> others = targetColumns().stream().filter(c -> !key.contains(c)).toList();
        String sql = PG.insert(targetTable(), columns, columns.stream().map(c -> pinned.target().column(c).type()).toList(),
                PG.onConflict(pinned.spec().onConflict(), conflictKey(), others));
        long n = 0;
        try (PreparedStatement st = target.prepareStatement(sql)) {
            for (int r = 0; r < batch.size(); r++) {
                Object[] row = batch.get(r);
                for (int i = 0; i < row.length; i++) {
                    st.setObject(i + 1, ValueText.parameter(row[i]));
                }
                Savepoint sp = target.setSavepoint();
                try {
                    n += st.executeUpdate() > 0 ? 1 : 0;
                    target.releaseSavepoint(sp);
                } catch (SQLException e) {
                    if (!TargetRefusal.isDataError(e)) {
                        throw e;
                    }
                    target.rollback(sp);
                    rejects.add(refused(sources.get(r), e));
                }
            }
        }
        return n;
    }

    private Reject refused(Map<String, Object> row, SQLException e) {
        TargetRefusal.Refused refusal = TargetRefusal.of(e);
        String field = switch (refusal.code()) {
            case NOT_NULL_VIOLATION -> refusal.column();
            case UNIQUE_VIOLATION -> String.join(",", pinned.spec().key());
            default -> null;
        };
        return reject(row, field, refusal.code().name(), refusal.reason(), true);
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
        return targetLookup.find(lookupConnection, t, key);
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
            TargetTable.TargetColumn to = pinned.target().column(targetKey.get(i));
            if (e == null || !e.columnReference().map(sourceKey.get(i)::equals).orElse(false) || from == null || to == null
                    || !NormalizedType.of(from.normalizedType()).integral() || !INTEGRAL_TARGET.contains(to.type())) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> INTEGRAL_TARGET = Set.of("smallint", "integer", "bigint");

    /**
     * Reads back, in the writing transaction, the rows it has just written into the target for this chunk (the chunk's
     * key range, rows of this transaction only) as binary COPY, and compares them with what came out of the source:
     * the same number of rows and the same order-independent hash of their bytes. Source and target send the same
     * types, so equal values are equal bytes. Requires {@link #keyRangeCarriesOver()}.
     */
    public Reconciliation readBack(Connection target, List<String> lower, List<String> upper, RowDigest written) throws SQLException {
        long xid;
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(PG.currentTransaction())) {
            rs.next();
            xid = rs.getLong(1);
        }
        List<String> parts = new ArrayList<>();
        String range = PG.integralKeyRange(pinned.spec().key(), lower, upper);
        if (!range.isEmpty()) {
            parts.add(range);
        }
        parts.add(PG.writtenBy(xid));
        if (tenant.scoped()) {
            parts.add(PG.quote(tenant.column()) + " = " + tenantLiteral());
        }
        RowDigest stored = new RowDigest();
        CopyOut out = target.unwrap(PGConnection.class).getCopyAPI().copyOut(PG.copyOut("SELECT " + columnList() + " FROM "
                + targetTable() + " WHERE " + String.join(" AND ", parts)));
        byte[] row;
        while ((row = out.readFromCopy()) != null) {
            stored.add(row);
        }
        String sh = written.hash();
        String th = stored.hash();
        return new Reconciliation("stream", written.rows(), stored.rows(), 0, sh, th, written.rows() == stored.rows() && sh.equals(th));
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
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery(PG.reconcile(staging, targetTable(), conflictKey(), targetColumns()))) {
            rs.next();
            long mapped = rs.getLong(1);
            long matched = rs.getLong(2);
            String sh = rs.getBigDecimal(3).toPlainString();
            String th = rs.getBigDecimal(4).toPlainString();
            return new Reconciliation("remap", mapped, matched, refused, sh, th, matched == mapped - refused && sh.equals(th));
        }
    }
}
