package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.testing.TestStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: for generated inputs, evaluating an expression in Java and running its compiled SQL on a real
 * PostgreSQL give the same value, or both refuse the input. Seeded, so a failure reproduces.
 */
class ExpressionSqlEquivalenceIT {

    /** The columns an expression under test may read (one per expression): the SQL type it is cast to is given per check. */
    static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "ts", Type.TIMESTAMP, "tz", Type.TIMESTAMPTZ,
            "d", Type.DATE, "n", Type.DECIMAL, "f", Type.FLOAT, "b", Type.BOOLEAN, "j", Type.JSON);
    private static final int CASES = 300;
    private static Connection db;

    @BeforeAll
    static void connect() throws SQLException {
        TestStack.get().postgres().createDatabaseIfMissing("dm_expression_check");
        db = TestStack.get().postgres().connect("dm_expression_check");
        try (Statement st = db.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trim(s)", "upper(s)", "lower(s)", "concat(s, '-', s)", "substring(s, 2, 3)", "substring(s, 0, 2)",
        "coalesce(s, 'none')", "parse_date(s, 'MM/DD/YYYY')", "to_decimal(s, 12, 2)", "to_decimal(s, 5, 3)", "to_integer(s)",
        "map(s, 'F' -> 'female', 'M' -> 'male', else 'unknown')", "s = 'F'", "s is null", "trim(s) <> '' and s is not null",
        "parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')", "parse_date(s, 'YYYY-MM-DD')", "parse_date(s, 'DD.MM.YYYY')",
        "parse_timestamp(s, 'YYYY-MM-DDTHH24:MI')", "substring(s, 1, to_integer(s))", "substring(s, 1, nullif(length(s), 3))", "to_decimal(to_integer(s), 4, 1)",
        "map(s, 'F' -> 'female', else to_text(parse_date(s, 'MM/DD/YYYY')))"})
    void javaAndSqlAgreeOnText(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), ExpressionSqlEquivalenceIT::text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"i <> 0", "i > 5 and i < 100", "not (i = 3) or i is null", "to_decimal(i, 20, 2)", "to_decimal(i, 4, 2)",
        "to_decimal(i, 19, 0)", "coalesce(i, -1)", "concat('P-', to_text(i))", "to_text(to_decimal(i, 20, 2))"})
    void javaAndSqlAgreeOnIntegers(String expression) throws SQLException {
        check(expression, "bigint", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null
                : Long.toString(r.nextInt(5) == 0 ? r.nextLong() : r.nextInt(200) - 50));
    }

    @Test
    void javaAndSqlAgreeOnUtc() throws SQLException {
        check("utc(ts)", "timestamp", new Random(7), r -> r.nextInt(8) == 0 ? null
                : LocalDateTime.of(1900 + r.nextInt(200), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60),
                r.nextInt(60)).toString().replace('T', ' '));
    }

    @ParameterizedTest
    @ValueSource(strings = {"in_zone(ts, 'America/New_York')", "in_zone(ts, 'Europe/Berlin')", "in_zone(ts, 'Australia/Lord_Howe')"})
    void javaAndSqlAgreeOnLocalTimesAroundDstChanges(String expression) throws SQLException {
        // Times near the 2024 transitions of these zones (gaps and overlaps), and others anywhere in two centuries.
        String[] near = {"2024-03-10 02:30:00", "2024-03-10 01:59:59", "2024-03-10 03:00:00", "2024-11-03 01:30:00",
            "2024-11-03 00:59:59", "2024-11-03 02:00:00", "2024-03-31 02:30:00", "2024-10-27 02:30:00", "2024-04-07 01:45:00",
            "2024-10-06 02:15:00", "2024-02-29 12:00:00", "1970-01-01 00:00:00"};
        check(expression, "timestamp", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null : r.nextInt(2) == 0
                ? near[r.nextInt(near.length)] : LocalDateTime.of(1900 + r.nextInt(200), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                r.nextInt(60), r.nextInt(60)).toString().replace('T', ' '));
    }

    @Test
    void everyReferenceExampleGivesTheSameOnPostgresql() throws SQLException {
        List<String> mismatches = new ArrayList<>();
        for (FunctionDef def : Functions.all()) {
            if (def.javaOnly != null) {
                continue;
            }
            Expression e = Expression.compile(def.example.split(" → ", 2)[0], Map.of());
            String java;
            try {
                java = canonical(e.evaluate(Map.of()));
            } catch (ExpressionException ex) {
                java = "ERROR";
            }
            String postgres = value("SELECT " + e.toSql(ExpressionTest::quote) + " FROM (SELECT CAST(? AS text) AS unused) t", null, e.type());
            if (!java.equals(postgres)) {
                mismatches.add(def.name + ": java " + java + ", sql " + postgres);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    interface Generator {
        String next(Random r);
    }

    /**
     * Checks one expression over one column (of {@link #COLUMNS}) given as text and cast to {@code sqlType}: Java and
     * PostgreSQL agree on every generated input, and the guard, trusted form and not-null test keep their promises.
     */
    static void check(String expression, String sqlType, Random random, Generator generator) throws SQLException {
        assertThat(mismatches(expression, sqlType, random, generator)).isEmpty();
    }

    /** What {@link #check} finds wrong, each line naming the input and the SQL; empty when all agree. */
    static List<String> mismatches(String expression, String sqlType, Random random, Generator generator) throws SQLException {
        Expression e = Expression.compile(expression, COLUMNS);
        String column = e.columns().iterator().next();
        String from = " FROM (SELECT CAST(? AS " + sqlType + ") AS \"" + column + "\") t";
        String sql = "SELECT " + e.toSql(ExpressionTest::quote) + from;
        String guard = e.guardSql(ExpressionTest::quote);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String input = generator.next(random);
            String java;
            try {
                Map<String, Object> row = new HashMap<>();
                row.put(column, input == null ? null : typed(sqlType, input));
                java = canonical(e.evaluate(row));
            } catch (ExpressionException ex) {
                java = "ERROR";
            }
            String postgres;
            db.setAutoCommit(false);
            try (PreparedStatement st = db.prepareStatement(sql)) {
                st.setString(1, input);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    postgres = canonical(read(rs, e.type()));
                }
                db.commit();
            } catch (SQLException ex) {
                db.rollback();
                postgres = "ERROR";
            }
            if (!Objects.equals(java, postgres)) {
                mismatches.add("input " + (input == null ? "null" : "'" + input + "'") + ": java " + java + ", sql " + postgres);
            }
            // Where the guard holds, the form that trusts it gives the same value.
            if (guard != null && !postgres.equals("ERROR")) {
                String trusted = value("SELECT " + e.toGuardedSql(ExpressionTest::quote) + from, input, e.type());
                if (!trusted.equals(postgres)) {
                    mismatches.add("input " + (input == null ? "null" : "'" + input + "'") + ": trusted " + trusted + ", sql " + postgres);
                }
            }
            // The cheap not-null test agrees with the value wherever the value computes.
            if (!postgres.equals("ERROR")) {
                String notNull = guard(e.notNullSql(ExpressionTest::quote) + from, input);
                if (!notNull.equals(Boolean.toString(!postgres.equals("null")))) {
                    mismatches.add("input " + (input == null ? "null" : "'" + input + "'") + ": not null " + notNull + ", sql " + postgres);
                }
            }
            // The guard never fails, holds for every row the SQL computes, and only for those (so no good row leaves the pipe).
            String held = guard == null ? (postgres.equals("ERROR") ? "false" : "true") : guard(guard + from, input);
            if (!held.equals(postgres.equals("ERROR") ? "false" : "true")) {
                mismatches.add("input " + (input == null ? "null" : "'" + input + "'") + ": guard " + held + ", sql " + postgres);
            }
        }
        return mismatches.stream().map(m -> expression + " compiled to " + sql + ": " + m).toList();
    }

    static String value(String select, String input, Type type) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement st = db.prepareStatement(select)) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String out = canonical(read(rs, type));
                db.commit();
                return out;
            }
        } catch (SQLException ex) {
            db.rollback();
            return "ERROR";
        }
    }

    /** A value as the runtime reads it: dates and times as java.time values (java.sql's lose the era of a BC year). */
    static Object read(ResultSet rs, Type type) throws SQLException {
        return type == Type.TIMESTAMPTZ ? rs.getObject(1, OffsetDateTime.class) : type == Type.TIMESTAMP ? rs.getObject(1, LocalDateTime.class)
                : type == Type.DATE ? rs.getObject(1, LocalDate.class) : rs.getObject(1);
    }

    static String guard(String select, String input) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement st = db.prepareStatement("SELECT " + select)) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                boolean b = rs.getBoolean(1);
                String out = rs.wasNull() ? "null" : Boolean.toString(b);
                db.commit();
                return out;
            }
        } catch (SQLException ex) {
            db.rollback();
            return "ERROR " + ex.getMessage();
        }
    }

    static Object typed(String sqlType, String input) {
        return switch (sqlType) {
            case "bigint" -> Long.parseLong(input);
            case "timestamp" -> LocalDateTime.parse(input.replace(' ', 'T'));
            case "timestamptz" -> OffsetDateTime.parse(input.replace(' ', 'T'));
            case "date" -> LocalDate.parse(input);
            case "numeric" -> new BigDecimal(input);
            case "double precision" -> Double.parseDouble(input);
            case "boolean" -> Boolean.parseBoolean(input);
            default -> input;
        };
    }

    static String canonical(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof java.sql.Array a) {
            try {
                return canonical(java.util.Arrays.asList((Object[]) a.getArray()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof List<?> l) {
            return "array:" + l.stream().map(x -> x == null ? "null" : "'" + x + "'").toList();
        }
        if (v instanceof BigDecimal d) {
            return "decimal:" + d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return "float:" + ((Number) v).doubleValue();
        }
        if (v instanceof Number n) {
            return "number:" + n.longValue();
        }
        if (v instanceof java.sql.Date d) {
            return "date:" + d.toLocalDate();
        }
        if (v instanceof LocalDate d) {
            return "date:" + d;
        }
        if (v instanceof java.sql.Timestamp t) {
            return "timestamp:" + t.toLocalDateTime();
        }
        if (v instanceof LocalDateTime t) {
            return "timestamp:" + t;
        }
        if (v instanceof OffsetDateTime t) {
            return "instant:" + t.toInstant();
        }
        return v.getClass().getSimpleName() + ":" + v;
    }

    static final String[] PIECES = {"F", "M", "U", "abc", " padded ", "12", "12.5", " 7 ", "-0.005", "1e3", "1234.565",
        "99.9995", "12,5", "99999999999.999", "0", "+5", "02/29/2024", "1/2/2020", "12/31/1999", "13/01/2020", "02/30/2023",
        "2024-02-29 23:59:58", "2023-13-01 00:00:00",
        "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2024-04-31", "2024-12-31", " 2024-1-5 ",
        "31.04.2020", "29.02.2000", "1.1.2001", "2024-02-29T23:59", "2024-02-29T24:00", "2024-02-29 25:61:00", "2024-06-30 12:60:00",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "00000000000000000001", " -3 ", "-", "3", "-1",
        "1e9999", "1e99999", ".5", "5.", "NaN", "Infinity", "1_000", "0x1A", "\u00a012", "O'Brien", "x", "  ", "a-b_c.d", "straße", "İstanbul", "ǅemal", "Ωmega", "😀x"};

    static String text(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 7) {
            return PIECES[r.nextInt(PIECES.length)];
        }
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append("abcXYZ 019.-/'".charAt(r.nextInt(14)));
        }
        return s.toString();
    }
}
