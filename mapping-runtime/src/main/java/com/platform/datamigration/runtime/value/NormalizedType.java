package com.platform.datamigration.runtime.value;

import com.platform.datamigration.mapping.expression.Type;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * The engine-independent type a catalog gives every source column, and how a value of it is read over JDBC. A preview
 * and a run read source rows through {@link #read(ResultSet, int)} alike, so a mapping sees the same Java values in
 * both: temporal types as {@code java.time} values, booleans as {@link Boolean}, types without an exact Java
 * counterpart (times, intervals, enums, sets, arrays, JSON, UUIDs) as their text.
 */
public enum NormalizedType {
    BOOLEAN, INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64, STRING, BYTES, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL,
    UUID, JSON, ARRAY, ENUM, SET, OTHER;

    /** The catalog's name of a type; a name this engine does not know is {@link #OTHER}. */
    public static NormalizedType of(String name) {
        if (name == null) {
            return OTHER;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    /** Whole numbers: a key of one of these is split into ranges by value and orders alike on every engine. */
    public boolean integral() {
        return this == INT16 || this == INT32 || this == INT64;
    }

    /** The expression language's type of a column of this type. */
    public Type expressionType() {
        return Type.ofNormalized(name());
    }

    /**
     * The value of column {@code i} of the current row, null for SQL NULL.
     *
     * <p>MySQL and MariaDB may hold dates no calendar has. The "zero date" ({@code 0000-00-00}, {@code 0000-00-00
     * 00:00:00}) arrives as null: the MariaDB driver reads it so, whatever the column (a mapping cannot tell it from
     * NULL; a target column that takes no null refuses the row). A date with only its month or day zero
     * ({@code 2024-00-10}, which a server without {@code NO_ZERO_IN_DATE} keeps) is refused with a clear error naming the
     * column and the value, never turned into another date.
     */
    public Object read(ResultSet rs, int i) throws SQLException {
        return switch (this) {
            case TIMESTAMPTZ -> temporal(rs, i, OffsetDateTime.class);
            case TIMESTAMP -> temporal(rs, i, LocalDateTime.class);
            case DATE -> temporal(rs, i, LocalDate.class);
            case STRING, ENUM, SET, TIME, INTERVAL, JSON, UUID, OTHER, ARRAY -> rs.getString(i);
            case BOOLEAN -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : b;
            }
            case DECIMAL -> {
                // A MySQL bigint unsigned arrives as a BigInteger.
                Object v = rs.getObject(i);
                yield v instanceof java.math.BigInteger b ? new BigDecimal(b) : v;
            }
            default -> rs.getObject(i);
        };
    }

    private static Object temporal(ResultSet rs, int i, Class<?> type) throws SQLException {
        try {
            return rs.getObject(i, type);
        } catch (java.time.DateTimeException e) {
            throw new SQLException("column " + rs.getMetaData().getColumnLabel(i) + " holds '" + rs.getString(i) + "', a date no "
                    + "calendar has (a zero month or day): read the column as text to map it", "22007", e);
        }
    }

    /**
     * A value back from the text it was kept as (a quarantined row's raw values), typed as {@link #read} gives it;
     * null stays null.
     */
    public Object parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (this) {
            case TIMESTAMPTZ -> OffsetDateTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case DATE -> LocalDate.parse(text);
            case INT16, INT32, INT64 -> Long.parseLong(text);
            case DECIMAL -> new BigDecimal(text);
            case FLOAT32, FLOAT64 -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            default -> text;
        };
    }
}
