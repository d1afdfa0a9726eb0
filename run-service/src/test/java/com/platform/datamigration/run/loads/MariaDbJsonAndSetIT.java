package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.support.catalog.CatalogDialect;
import com.platform.datamigration.testing.TestStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB source's JSON, SET, tinyint(1) and bigint unsigned columns, read as a run reads them ({@link NormalizedType#read}), give in Java what
 * the same values give through the compiled SQL on PostgreSQL (a PostgreSQL source's form): MariaDB keeps a JSON
 * document's text as written, with its own spacing and key order, and a SET's members as {@code 'a,b'}.
 */
class MariaDbJsonAndSetIT {

    private static final String[] DOCS = {
        "{\"a\": {\"b\": [1, 2.50, \"x\"]}, \"n\": 12.50, \"ok\": true}",
        "{ \"n\" : -0.0 , \"a\":{\"b\":[]} , \"ok\":false}",
        "{\"ok\": null, \"n\": 1e3, \"a\": {\"b\": [{\"z\": 1, \"y\": null, \"z\": [true]}]}}",
        "{\"n\": \"12\", \"ok\": \"true\", \"a\": {\"b\": [\"é😀\\u00e9\\n\"]}}",
        "[1, 2]",
        "\"just text\"",
        "{\"n\": 123456789012345678901234567890.000, \"a\": {\"b\": [null, -1E-2]}}",
        "{}",
    };
    private static final String[] SETS = {"", "red", "red,blue", "green,blue", null};
    // tinyint(1): MySQL's boolean, any value but 0 true.
    private static final Integer[] FLAGS = {0, 1, null, 2};
    // bigint unsigned: the whole unsigned 64-bit range, beyond a long.
    private static final String[] BIGS = {"0", "1", "9223372036854775807", "9223372036854775808", "18446744073709551615", null};
    private static final List<String> EXPRESSIONS = List.of("json_text(doc, 'a', 'b', 0)", "json_text(doc, 'a', 'b', -1)", "json_text(doc, 'a')",
            "json_text(doc)", "json_number(doc, 'n')", "json_bool(doc, 'ok')", "json_number(doc, 'a', 'b', 1)", "split(tags, ',')",
            "array_length(split(tags, ','))", "split(tags, ',')[2]", "array_join(split(tags, ','), ' + ')",
            "to_boolean(flag)", "if(flag, 'yes', 'no')", "concat(to_text(flag), '/', tags)", "flag and tags <> ''",
            "big", "to_text(big)", "big + 1", "big % 10", "big > 9223372036854775807", "to_decimal(big, 20, 0)");

    @Test
    void jsonAndSetColumnsGiveTheSameInJavaAsOnPostgresql() throws Exception {
        try (Connection m = TestStack.get().mariadb().connect("mysql"); Statement st = m.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS json_set_source");
            st.execute("DROP TABLE IF EXISTS json_set_source.items");
            st.execute("CREATE TABLE json_set_source.items (id int PRIMARY KEY, doc JSON, tags SET('red', 'green', 'blue'), flag tinyint(1), big bigint unsigned) "
                    + "CHARACTER SET utf8mb4");
            try (PreparedStatement insert = m.prepareStatement("INSERT INTO json_set_source.items VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < DOCS.length * SETS.length; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, DOCS[i % DOCS.length]);
                    insert.setString(3, SETS[i % SETS.length]);
                    insert.setObject(4, FLAGS[(i / 3) % FLAGS.length]);
                    insert.setObject(5, BIGS[i % BIGS.length] == null ? null : new BigDecimal(BIGS[i % BIGS.length]));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        // The columns typed as the catalog types them, and read as a run reads them.
        Map<String, NormalizedType> types = new HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection m = TestStack.get().mariadb().connect("json_set_source"); Statement st = m.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                    + "WHERE TABLE_SCHEMA = 'json_set_source' AND TABLE_NAME = 'items'")) {
                while (rs.next()) {
                    types.put(rs.getString(1), NormalizedType.of(CatalogDialect.normalize(rs.getString(2))));
                }
            }
            assertThat(types.get("tags")).isEqualTo(NormalizedType.SET);
            assertThat(types.get("flag")).isEqualTo(NormalizedType.BOOLEAN);
            assertThat(types.get("big")).isEqualTo(NormalizedType.DECIMAL);
            try (ResultSet rs = st.executeQuery("SELECT doc, tags, flag, big FROM items ORDER BY id")) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("doc", types.get("doc").read(rs, 1));
                    row.put("tags", types.get("tags").read(rs, 2));
                    row.put("flag", types.get("flag").read(rs, 3));
                    row.put("big", types.get("big").read(rs, 4));
                    rows.add(row);
                }
            }
        }
        assertThat(rows).hasSize(DOCS.length * SETS.length);
        assertThat(rows.stream().map(r -> r.get("flag")).distinct()).containsExactlyInAnyOrder(false, true, null);
        Map<String, Type> columns = Map.of("doc", types.get("doc").expressionType(), "tags", types.get("tags").expressionType(), "flag",
                types.get("flag").expressionType(), "big", types.get("big").expressionType());
        assertThat(rows.stream().map(r -> r.get("big")).filter(java.util.Objects::nonNull).map(Object::toString))
                .contains("18446744073709551615", "9223372036854775808");
        List<String> mismatches = new ArrayList<>();
        int values = 0;
        try (Connection pg = TestStack.get().postgres().connect("postgres")) {
            pg.setAutoCommit(false);
            for (String text : EXPRESSIONS) {
                Expression e = Expression.compile(text, columns);
                String sql = "SELECT " + e.toSql(c -> "\"" + c + "\"") + " FROM (SELECT CAST(? AS text) AS doc, CAST(? AS text) AS tags, CAST(? AS boolean) AS flag, CAST(? AS numeric) AS big) t";
                for (Map<String, Object> row : rows) {
                    String java;
                    try {
                        java = show(e.evaluate(row));
                    } catch (ExpressionException ex) {
                        java = "ERROR";
                    }
                    String postgres;
                    try (PreparedStatement st = pg.prepareStatement(sql)) {
                        st.setString(1, (String) row.get("doc"));
                        st.setString(2, (String) row.get("tags"));
                        st.setString(3, row.get("flag") == null ? null : row.get("flag").toString());
                        st.setString(4, row.get("big") == null ? null : row.get("big").toString());
                        try (ResultSet rs = st.executeQuery()) {
                            rs.next();
                            postgres = show(rs.getObject(1));
                        }
                        pg.commit();
                    } catch (SQLException ex) {
                        pg.rollback();
                        postgres = "ERROR";
                    }
                    values += java.equals("null") || java.equals("ERROR") ? 0 : 1;
                    if (!java.equals(postgres)) {
                        mismatches.add(text + " over " + row + ": java " + java + ", postgresql " + postgres);
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(values).as("values found (not null, no error)").isGreaterThan(EXPRESSIONS.size() * rows.size() / 3);
    }

    private static String show(Object v) throws SQLException {
        if (v instanceof java.sql.Array a) {
            return show(java.util.Arrays.asList((Object[]) a.getArray()));
        }
        if (v instanceof List<?> l) {
            return "array:" + l.stream().map(x -> x == null ? "null" : "'" + x + "'").toList();
        }
        if (v instanceof BigDecimal d) {
            return "decimal:" + d.toPlainString();
        }
        if (v instanceof Number n) {
            return "number:" + n.longValue();
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }
}
