package com.platform.datamigration.explorer.data;

import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads a source table's data for a person to look at: a few sample rows, and a profile of each column over a
 * bounded sample. Read-only sessions and transactions, a statement timeout, row limits; the table and its columns
 * come from the stored catalog and are quoted by the dialect.
 */
@Component
public class TableData {

    /** Rows a profile looks at, at most. */
    static final int PROFILE_ROWS = 100_000;
    private static final int QUERY_TIMEOUT_SECONDS = 20;

    private final SourceConnector connector;
    private final List<DataDialect> dialects;

    TableData(SourceConnector connector, List<DataDialect> dialects) {
        this.connector = connector;
        this.dialects = dialects;
    }

    /** Sample rows: column names in catalog order, values as JSON-friendly objects (bytes as base64). */
    public record Sample(List<String> columns, List<List<Object>> rows) {
    }

    /**
     * A column's profile over the sampled rows.
     *
     * @param distinctEstimate distinct values among the sampled rows
     * @param maxLength        the longest value as text (or bytes), for text-like and binary columns
     */
    public record ColumnProfile(String column, String normalizedType, double nullFraction, long distinctEstimate, Object min,
                                Object max, Integer maxLength) {
    }

    /** @param sampledRows rows examined; {@code complete} when the table has no more */
    public record Profile(long sampledRows, boolean complete, List<ColumnProfile> columns) {
    }

    /** Longest value a sample shows, in characters (bytes for binary values): samples stay small whatever the data. */
    static final int SAMPLE_VALUE_LIMIT = 2_000;

    public Sample sample(SourceCredentials credentials, TableInfo table, int limit) throws SourceException, SQLException {
        DataDialect dialect = dialect(credentials);
        String sql = "SELECT " + table.columns().stream()
                .map(c -> dialect.truncated(c, dialect.quote(c.name()), SAMPLE_VALUE_LIMIT)).collect(Collectors.joining(", "))
                + " FROM " + dialect.qualified(table) + " LIMIT ?";
        try (Connection c = open(credentials); PreparedStatement st = c.prepareStatement(sql)) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            st.setInt(1, limit);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(table.columns().size());
                    for (int i = 0; i < table.columns().size(); i++) {
                        row.add(value(rs, i + 1, table.columns().get(i)));
                    }
                    rows.add(row);
                }
            }
            c.rollback();
            return new Sample(table.columns().stream().map(TableInfo.ColumnInfo::name).toList(), rows);
        }
    }

    /** Columns profiled per query: five aggregates each stays far below the engines' select-list limits. */
    private static final int PROFILE_COLUMNS_PER_QUERY = 200;

    public Profile profile(SourceCredentials credentials, TableInfo table) throws SourceException, SQLException {
        List<ColumnProfile> columns = new ArrayList<>();
        long rows = 0;
        try (Connection c = open(credentials)) {
            for (int from = 0; from < Math.max(1, table.columns().size()); from += PROFILE_COLUMNS_PER_QUERY) {
                List<TableInfo.ColumnInfo> part = table.columns().subList(from,
                        Math.min(table.columns().size(), from + PROFILE_COLUMNS_PER_QUERY));
                rows = profilePart(c, dialect(credentials), table, part, columns);
            }
            c.rollback();
        }
        return new Profile(rows, rows < PROFILE_ROWS, columns);
    }

    private long profilePart(Connection c, DataDialect dialect, TableInfo table, List<TableInfo.ColumnInfo> part,
            List<ColumnProfile> out) throws SQLException {
        List<String> aggregates = new ArrayList<>(List.of("count(*)"));
        for (TableInfo.ColumnInfo column : part) {
            String q = dialect.quote(column.name());
            // Types without equality or ordering of their own (json, xml, geometric, arrays…) are compared as text.
            String comparable = dialect.native_(column) ? q : dialect.asText(q);
            aggregates.add("count(" + q + ")");
            aggregates.add("count(DISTINCT " + comparable + ")");
            boolean orderable = dialect.orderable(column);
            aggregates.add(orderable ? "min(" + comparable + ")" : "NULL");
            aggregates.add(orderable ? "max(" + comparable + ")" : "NULL");
            String length = dialect.lengthExpression(column, q);
            aggregates.add(length == null ? "NULL" : "max(" + length + ")");
        }
        String select = part.isEmpty() ? "1" : part.stream().map(col -> dialect.quote(col.name())).collect(Collectors.joining(", "));
        String sql = "SELECT " + String.join(", ", aggregates) + " FROM (SELECT " + select
                + " FROM " + dialect.qualified(table) + " LIMIT " + PROFILE_ROWS + ") s";
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long rows = rs.getLong(1);
                int i = 2;
                for (TableInfo.ColumnInfo column : part) {
                    long nonNull = rs.getLong(i);
                    long distinct = rs.getLong(i + 1);
                    Object min = plain(rs.getObject(i + 2));
                    Object max = plain(rs.getObject(i + 3));
                    long maxLength = rs.getLong(i + 4);
                    Integer length = rs.wasNull() ? null : (int) maxLength;
                    out.add(new ColumnProfile(column.name(), column.normalizedType(),
                            rows == 0 ? 0 : (double) (rows - nonNull) / rows, distinct, min, max, length));
                    i += 5;
                }
                return rows;
            }
        }
    }

    private Connection open(SourceCredentials credentials) throws SourceException, SQLException {
        Connection c = connector.open(credentials).connection();
        try {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private DataDialect dialect(SourceCredentials credentials) {
        return dialects.stream().filter(d -> d.supports(credentials.type())).findFirst().orElseThrow();
    }

    private static Object value(ResultSet rs, int index, TableInfo.ColumnInfo column) throws SQLException {
        Object v = switch (column.normalizedType()) {
            case "TIMESTAMPTZ" -> rs.getObject(index, OffsetDateTime.class);
            case "TIMESTAMP" -> rs.getObject(index, LocalDateTime.class);
            case "DATE" -> rs.getObject(index, LocalDate.class);
            case "TIME", "INTERVAL", "JSON", "UUID", "ENUM", "SET", "OTHER" -> rs.getString(index);
            default -> rs.getObject(index);
        };
        return plain(v);
    }

    /** JSON-friendly: bytes as base64, arrays as lists, dates as ISO text, everything unknown as text. */
    private static Object plain(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Array array) {
            List<Object> out = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                out.add(plain(element));
            }
            return out;
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Blob blob) {
            return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(blob.length(), 1 << 20)));
        }
        if (v instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) Math.min(clob.length(), 1 << 20));
        }
        return v.toString();
    }
}
