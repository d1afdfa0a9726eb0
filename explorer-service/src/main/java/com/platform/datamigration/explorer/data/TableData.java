package com.platform.datamigration.explorer.data;

import com.platform.datamigration.explorer.catalog.TableInfo;
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

    public Sample sample(SourceCredentials credentials, TableInfo table, int limit) throws SourceException, SQLException {
        DataDialect dialect = dialect(credentials);
        String sql = "SELECT " + table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "))
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

    public Profile profile(SourceCredentials credentials, TableInfo table) throws SourceException, SQLException {
        DataDialect dialect = dialect(credentials);
        List<String> aggregates = new ArrayList<>(List.of("count(*)"));
        for (TableInfo.ColumnInfo column : table.columns()) {
            String q = dialect.quote(column.name());
            boolean textual = "JSON".equals(column.normalizedType()) || "UUID".equals(column.normalizedType())
                    || "ARRAY".equals(column.normalizedType());
            String comparable = textual ? dialect.asText(q) : q;
            aggregates.add("count(" + q + ")");
            aggregates.add("count(DISTINCT " + comparable + ")");
            boolean orderable = dialect.orderable(column);
            aggregates.add(orderable ? "min(" + comparable + ")" : "NULL");
            aggregates.add(orderable ? "max(" + comparable + ")" : "NULL");
            String length = dialect.lengthExpression(column, q);
            aggregates.add(length == null ? "NULL" : "max(" + length + ")");
        }
        String sql = "SELECT " + String.join(", ", aggregates) + " FROM (SELECT "
                + table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "))
                + " FROM " + dialect.qualified(table) + " LIMIT " + PROFILE_ROWS + ") s";
        try (Connection c = open(credentials); Statement st = c.createStatement()) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long rows = rs.getLong(1);
                List<ColumnProfile> columns = new ArrayList<>();
                int i = 2;
                for (TableInfo.ColumnInfo column : table.columns()) {
                    long nonNull = rs.getLong(i);
                    long distinct = rs.getLong(i + 1);
                    Object min = plain(rs.getObject(i + 2));
                    Object max = plain(rs.getObject(i + 3));
                    long maxLength = rs.getLong(i + 4);
                    Integer length = rs.wasNull() ? null : (int) maxLength;
                    columns.add(new ColumnProfile(column.name(), column.normalizedType(),
                            rows == 0 ? 0 : (double) (rows - nonNull) / rows, distinct, min, max, length));
                    i += 5;
                }
                c.rollback();
                return new Profile(rows, rows < PROFILE_ROWS, columns);
            }
        }
    }

    private Connection open(SourceCredentials credentials) throws SourceException, SQLException {
        Connection c = connector.open(credentials).connection();
        c.setReadOnly(true);
        c.setAutoCommit(false);
        return c;
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
