package com.platform.datamigration.runtime.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MySQL's dates no calendar has, as a real MariaDB and its driver give them to a mapping: the zero date as null, a date
 * with a zero month or day as a clear error, never as another date.
 */
class ZeroDateIT {

    private static Connection db;

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection admin = TestStack.get().mariadb().connect(null); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS dm_zero_dates");
            // A server mode that keeps zero dates, as many old MySQL schemas were filled.
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE OR REPLACE TABLE dm_zero_dates.t (id int PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP NULL, "
                    + "zero_in_date DATE)");
            st.execute("INSERT INTO dm_zero_dates.t VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', NULL), "
                    + "(2, '2024-02-29', '2024-02-29 12:00:00', '2024-02-29 12:00:00', '2024-00-10'), (3, NULL, NULL, NULL, '2024-02-00')");
        }
        // Connected as a source is (the driver's defaults: no zero-date option).
        Properties p = new Properties();
        p.setProperty("user", TestStack.get().mariadb().user());
        p.setProperty("password", TestStack.get().mariadb().password());
        db = new org.mariadb.jdbc.Driver().connect(TestStack.get().mariadb().jdbcUrl("dm_zero_dates"), p);
    }

    private static List<Object> read(String column, NormalizedType type) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT `" + column + "` FROM t ORDER BY id")) {
            while (rs.next()) {
                out.add(type.read(rs, 1));
            }
        }
        return out;
    }

    @Test
    void theZeroDateArrivesAsNull() throws SQLException {
        assertThat(read("d", NormalizedType.DATE)).containsExactly(null, LocalDate.of(2024, 2, 29), null);
        assertThat(read("dt", NormalizedType.TIMESTAMP)).containsExactly(null, LocalDateTime.of(2024, 2, 29, 12, 0), null);
        assertThat(read("ts", NormalizedType.TIMESTAMP)).containsExactly(null, LocalDateTime.of(2024, 2, 29, 12, 0), null);
    }

    @Test
    void aDateWithAZeroMonthOrDayIsAClearError() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT zero_in_date FROM t ORDER BY id")) {
            rs.next();
            assertThat(NormalizedType.DATE.read(rs, 1)).isNull();
            rs.next();
            assertThatThrownBy(() -> NormalizedType.DATE.read(rs, 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("zero_in_date").hasMessageContaining("2024-00-10");
            rs.next();
            assertThatThrownBy(() -> NormalizedType.DATE.read(rs, 1)).isInstanceOf(SQLException.class).hasMessageContaining("2024-02-00");
        }
    }

    @Test
    void asTextTheZeroDateIsKeptForParseDateToDecide() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(d AS CHAR), CAST(dt AS CHAR) FROM t ORDER BY id")) {
            rs.next();
            assertThat(NormalizedType.STRING.read(rs, 1)).isEqualTo("0000-00-00");
            assertThat(NormalizedType.STRING.read(rs, 2)).isEqualTo("0000-00-00 00:00:00.000000");
            Map<String, Type> columns = Map.of("s", Type.STRING);
            Map<String, Object> row = new HashMap<>();
            row.put("s", NormalizedType.STRING.read(rs, 2));
            assertThat(Expression.compile("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', zero => null)", columns).evaluate(row)).isNull();
            assertThatThrownBy(() -> Expression.compile("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')", columns).evaluate(row))
                    .isInstanceOf(ExpressionException.class);
        }
    }
}
