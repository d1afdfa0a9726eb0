package com.platform.datamigration.run.planning;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.support.catalog.TableInfo;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a source table into chunks of about {@code chunkSize} rows: arithmetic ranges between min and max of a single
 * integer key, boundaries every {@code chunkSize} keys in the key's own order otherwise (the source orders and compares
 * them, with its types and collation), and, for a table without a key, what the engine offers ({@link #keyless}). Never
 * more than {@code maxChunks} ranges (about twice as many for other keys): larger tables get larger chunks. The row
 * estimate comes from the source's own statistics and is not trusted to bound anything. One subclass per engine.
 */
public abstract sealed class Splitter permits PostgresSplitter, MySqlSplitter {

    /** A planned range and the rows it should hold. */
    public record Range(KeyRange range, long estimatedRows) {
    }

    protected final SqlDialect dialect;

    Splitter(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The splitter of an engine. */
    public static Splitter of(DatabaseType type) {
        return switch (type) {
            case POSTGRESQL -> new PostgresSplitter();
            case MYSQL, MARIADB -> new MySqlSplitter();
        };
    }

    /** Ranges of a table without a key; one chunk of the whole table unless the engine can do better. */
    List<Range> keyless(Connection source, TableInfo table, int chunkSize, int maxChunks) throws SQLException {
        return List.of(new Range(KeyRange.WHOLE, Math.max(0, table.rowEstimate())));
    }

    public List<Range> split(Connection source, TableInfo table, int chunkSize, int maxChunks) throws SQLException {
        List<String> key = table.primaryKey();
        if (key.isEmpty()) {
            return keyless(source, table, chunkSize, maxChunks);
        }
        String from = dialect.table(table.schema(), table.name());
        try (Statement st = source.createStatement()) {
            st.setQueryTimeout(600);
            if (key.size() == 1 && NormalizedType.of(table.column(key.get(0)).normalizedType()).integral()) {
                String k = dialect.quote(key.get(0));
                long rows = table.rowEstimate();
                BigInteger min;
                BigInteger max;
                try (ResultSet rs = st.executeQuery("SELECT min(" + k + "), max(" + k + ")" + (rows <= 0 ? ", count(*)" : "")
                        + " FROM " + from)) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        return List.of(new Range(KeyRange.WHOLE, 0));
                    }
                    min = new BigInteger(rs.getString(1));
                    max = new BigInteger(rs.getString(2));
                    if (rows <= 0) {
                        rows = rs.getLong(3);
                    }
                }
                // An unsigned 64-bit key (a catalog may call it INT64) can hold values beyond a long: split it by
                // boundaries, which the source compares itself.
                if (min.bitLength() < Long.SIZE && max.bitLength() < Long.SIZE) {
                    return integerRanges(min.longValueExact(), max.longValueExact(), rows, chunkSize, maxChunks);
                }
            }
            List<String> nativeTypes = key.stream().map(c -> table.column(c).nativeType()).toList();
            return boundaries(st, key, nativeTypes, from, chunkSize, maxChunks);
        }
    }

    /**
     * Every {@code chunkSize}-th key in key order, numbered by the source's own ordering of the key columns (so bounds
     * follow the key's types and collation, not their text), thinned to stay within twice {@code maxChunks}.
     */
    private List<Range> boundaries(Statement st, List<String> key, List<String> nativeTypes, String from, int chunkSize, int maxChunks)
            throws SQLException {
        List<List<String>> boundaries = new ArrayList<>();
        int stride = 1;
        int seen = 0;
        try (ResultSet rs = st.executeQuery(boundaryQuery(key, nativeTypes, from, chunkSize))) {
            while (rs.next()) {
                // The last of every stride: after thinning kept the odd ones, the next kept is a stride further on, so
                // every chunk but the last holds chunkSize * stride keys.
                if (seen++ % stride != stride - 1) {
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
        List<Range> out = new ArrayList<>();
        List<String> lower = null;
        long perChunk = (long) chunkSize * stride;
        for (List<String> b : boundaries) {
            out.add(new Range(KeyRange.keys(lower, b), perChunk));
            lower = b;
        }
        out.add(new Range(KeyRange.keys(lower, null), perChunk));
        return out;
    }

    /**
     * Every {@code chunkSize}-th key of {@code from} as text ({@link SqlDialect#keyText}, which the chunk's parameters
     * and literals read back), numbered in the order the source sorts the key columns themselves (the text is only how
     * the bound travels; the outer order is the row number, never the text).
     */
    String boundaryQuery(List<String> key, List<String> nativeTypes, String from, int chunkSize) {
        String columns = dialect.columns(key);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            text.add(dialect.keyText(key.get(i), nativeTypes.get(i)));
        }
        return "SELECT " + String.join(", ", text) + " FROM (SELECT " + columns + ", row_number() OVER (ORDER BY " + columns
                + ") AS dm_rn FROM " + from + ") dm_keys WHERE dm_rn % " + chunkSize + " = 1 AND dm_rn > 1 ORDER BY dm_rn";
    }

    /**
     * Arithmetic ranges of a single integer key from {@code min} to {@code max}, at most {@code maxChunks} of them, for
     * any pair of 64-bit values (the span of a key from {@code Long.MIN_VALUE} to {@code Long.MAX_VALUE} does not fit
     * in a long, so it is computed exactly).
     */
    static List<Range> integerRanges(long min, long max, long rows, int chunkSize, int maxChunks) {
        long n = Math.max(1, Math.min(maxChunks, rows / chunkSize + (rows % chunkSize == 0 ? 0 : 1)));
        BigInteger low = BigInteger.valueOf(min);
        BigInteger high = BigInteger.valueOf(max);
        BigInteger span = high.subtract(low).add(BigInteger.ONE);
        BigInteger step = span.add(BigInteger.valueOf(n - 1)).divide(BigInteger.valueOf(n)).max(BigInteger.ONE);
        List<Range> out = new ArrayList<>();
        for (BigInteger lo = low; lo.compareTo(high) <= 0; lo = lo.add(step)) {
            BigInteger hi = lo.add(step);
            boolean last = hi.compareTo(high) > 0;
            out.add(new Range(KeyRange.keys(lo.equals(low) ? null : List.of(lo.toString()), last ? null : List.of(hi.toString())),
                    rows / n));
            if (last) {
                break;
            }
        }
        return out;
    }
}
