package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.runtime.copy.BinaryCopyWriter;
import com.platform.datamigration.testing.TestStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The decode path's binary COPY against a real PostgreSQL: every value written in binary reads back exactly as the
 * same value bound as a parameter does, over edge cases and a few thousand random values.
 */
class BinaryCopyWriterIT {

    private static final List<String> TYPES = List.of("numeric(20,6)", "numeric", "integer", "bigint", "smallint", "date",
            "timestamp without time zone", "timestamp with time zone", "boolean", "text", "character varying(40)", "jsonb", "uuid",
            "double precision");
    private static final List<Type> FROM = List.of(Type.DECIMAL, Type.DECIMAL, Type.INTEGER, Type.INTEGER, Type.INTEGER, Type.DATE,
            Type.TIMESTAMP, Type.TIMESTAMPTZ, Type.BOOLEAN, Type.STRING, Type.STRING, Type.JSON, Type.UUID, Type.FLOAT);

    @Test
    void binaryRowsReadBackAsTheSameValuesBoundAsParameters() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        String[] decimals = {"0", "0.000000", "-0.5", "1", "-1", "0.00001", "12345678.901234", "99999999999999.999999", "1E+5",
                "123.4567891", "10000", "-10000.0001", "0.1", "100000000"};
        String[] wide = {"0", "1.5E-20", "-123456789012345678901234567890.123456789", "1E+30", "0.0000", "7"};
        for (int i = 0; i < decimals.length; i++) {
            rows.add(row(new BigDecimal(decimals[i]), new BigDecimal(wide[i % wide.length]), (long) i - 7, Long.MIN_VALUE + i,
                    (long) Short.MAX_VALUE - i, LocalDate.of(1999 + i, 12, 31).minusDays(i * 40L),
                    LocalDateTime.of(1970, 1, 1, 0, 0).plusSeconds(i * 86_399L).plusNanos(i * 123_456_789L % 1_000_000_000L),
                    OffsetDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_499, ZoneOffset.ofHours(i % 5)), i % 2 == 0,
                    "é\t\"quoted\" \\ " + "x".repeat(i), "naïve " + i, "{\"a\": [" + i + ", null, \"ü\"]}",
                    UUID.nameUUIDFromBytes(new byte[] {(byte) i}), i / 3.0));
        }
        rows.add(new Object[TYPES.size()]);  // all null
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            rows.add(row(BigDecimal.valueOf(random.nextLong() % 100_000_000_000_000L, random.nextInt(7)),
                    new BigDecimal(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15)), (long) random.nextInt(),
                    random.nextLong(), (long) (short) random.nextInt(), LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000),
                    LocalDateTime.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000) * 1000, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000) * 1000L),
                            ZoneOffset.UTC),
                    random.nextBoolean(), Long.toString(random.nextLong(), 36), "r" + random.nextInt(1000),
                    "{\"n\": " + random.nextInt() + "}", UUID.randomUUID(), random.nextDouble() * 1e10));
        }

        try (Connection c = TestStack.get().postgres().connect("postgres")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
                StringBuilder columns = new StringBuilder("id serial");
                for (int i = 0; i < TYPES.size(); i++) {
                    columns.append(", c").append(i).append(' ').append(TYPES.get(i));
                }
                st.execute("CREATE TEMP TABLE by_copy (" + columns + ") ON COMMIT DROP");
                st.execute("CREATE TEMP TABLE by_bind (" + columns + ") ON COMMIT DROP");
            }
            String names = String.join(", ", java.util.stream.IntStream.range(0, TYPES.size()).mapToObj(i -> "c" + i).toList());
            BinaryCopyWriter writer = BinaryCopyWriter.forColumns(TYPES, FROM);
            assertThat(writer).isNotNull();
            writer.header();
            rows.forEach(writer::row);
            writer.trailer();
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY by_copy (" + names + ") FROM STDIN (FORMAT binary)");
            in.writeToCopy(writer.bytes(), 0, writer.size());
            assertThat(in.endCopy()).isEqualTo(rows.size());

            try (PreparedStatement insert = c.prepareStatement("INSERT INTO by_bind (" + names + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(TYPES.size(), "?")) + ")")) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        Object v = row[i];
                        if (v instanceof String s && (TYPES.get(i).equals("jsonb") || TYPES.get(i).equals("uuid"))) {
                            insert.setObject(i + 1, s, java.sql.Types.OTHER);
                        } else if (v instanceof UUID u) {
                            insert.setObject(i + 1, u);
                        } else {
                            insert.setObject(i + 1, v);
                        }
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT count(*) FROM by_copy a FULL JOIN by_bind b ON a.id = b.id
                    WHERE ROW(a.*)::text IS DISTINCT FROM ROW(b.*)::text
                    """)) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows that differ").isZero();
            }
            c.rollback();
        }
    }

    @Test
    void textArraysReadBackAsTheirElementsInBinaryAndAsText() throws Exception {
        List<List<String>> arrays = new ArrayList<>();
        arrays.add(List.of());
        arrays.add(List.of(""));
        arrays.add(java.util.Arrays.asList("a", null, "b"));
        arrays.add(java.util.Arrays.asList((String) null));
        arrays.add(List.of("é😀", "NULL", "with,comma", "{braces}", "\"quoted\"", "back\\slash", " spaced ", "tab\tand\nnewline"));
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            List<String> a = new ArrayList<>();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                a.add(random.nextInt(6) == 0 ? null : Long.toString(random.nextLong(), 36) + "ü,\"{}\\".charAt(random.nextInt(6)));
            }
            arrays.add(a);
        }
        BinaryCopyWriter binary = BinaryCopyWriter.forColumns(List.of("text[]"), List.of(Type.ARRAY));
        assertThat(binary).isNotNull();
        assertThat(BinaryCopyWriter.forColumns(List.of("text[]"), List.of(Type.STRING))).isNull();
        assertThat(BinaryCopyWriter.forColumns(List.of("text"), List.of(Type.ARRAY))).isNull();
        com.platform.datamigration.runtime.copy.TextCopyWriter text = new com.platform.datamigration.runtime.copy.TextCopyWriter();
        binary.header();
        text.header();
        for (List<String> a : arrays) {
            binary.row(new Object[] {a});
            text.row(new Object[] {a});
        }
        binary.row(new Object[] {null});
        text.row(new Object[] {null});
        binary.trailer();
        text.trailer();
        try (Connection c = TestStack.get().postgres().connect("postgres")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE arrays_binary (id serial, a text[]) ON COMMIT DROP");
                st.execute("CREATE TEMP TABLE arrays_text (id serial, a text[]) ON COMMIT DROP");
                st.execute("CREATE TEMP TABLE arrays_bound (id serial, a text[]) ON COMMIT DROP");
            }
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY arrays_binary (a) FROM STDIN" + binary.options());
            in.writeToCopy(binary.bytes(), 0, binary.size());
            assertThat(in.endCopy()).isEqualTo(arrays.size() + 1);
            in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY arrays_text (a) FROM STDIN" + text.options());
            in.writeToCopy(text.bytes(), 0, text.size());
            assertThat(in.endCopy()).isEqualTo(arrays.size() + 1);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO arrays_bound (a) VALUES (CAST(? AS text[]))")) {
                for (List<String> a : arrays) {
                    insert.setObject(1, com.platform.datamigration.runtime.value.ValueText.parameter(a));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            for (String table : List.of("arrays_binary", "arrays_text", "arrays_bound")) {
                List<List<String>> read = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT a, array_lower(a, 1) FROM " + table + " ORDER BY id")) {
                    while (rs.next()) {
                        java.sql.Array a = rs.getArray(1);
                        read.add(a == null ? null : java.util.Arrays.asList((String[]) a.getArray()));
                        if (a != null && rs.getObject(2) != null) {
                            assertThat(rs.getInt(2)).as("lower bound").isEqualTo(1);
                        }
                    }
                }
                List<List<String>> expected = new ArrayList<>(arrays);
                if (!table.equals("arrays_bound")) {
                    expected.add(null);
                }
                assertThat(read).as(table).isEqualTo(expected);
            }
            c.rollback();
        }
    }

    @Test
    void aValueThatDoesNotFitItsColumnStopsTheBinaryStream() {
        BinaryCopyWriter writer = BinaryCopyWriter.forColumns(List.of("smallint"), List.of(Type.INTEGER));
        writer.row(new Object[] {12L});
        int before = writer.size();
        assertThatThrownBy(() -> writer.row(new Object[] {100_000L})).isInstanceOf(BinaryCopyWriter.Unencodable.class);
        assertThat(writer.size()).as("the refused row left nothing behind").isEqualTo(before);
        assertThat(BinaryCopyWriter.forColumns(List.of("date"), List.of(Type.STRING))).as("text into a date: the target parses it")
                .isNull();
        assertThat(BinaryCopyWriter.forColumns(List.of("interval"), List.of(Type.STRING))).isNull();
    }

    private static Object[] row(Object... values) {
        return values;
    }
}
