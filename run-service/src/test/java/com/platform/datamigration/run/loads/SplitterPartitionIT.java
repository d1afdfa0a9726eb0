package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.run.planning.Splitter;
import com.platform.datamigration.run.runs.Pinned;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.support.catalog.CatalogDialect;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TenantScope;
import com.platform.datamigration.testing.TestStack;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's chunks of real PostgreSQL and MariaDB tables, for keys of every kind, read back with the statements
 * the engine reads chunks with (the COPY pipe's inlined literals and the decoding path's bound parameters): every row
 * of the table falls in exactly one chunk, and the chunks follow one another in the key's own order as the source
 * sorts it (its types and collations). Each table is filled with fixed edge values and with rows drawn from seeded
 * generators (the seed is in every failure's message; {@code -Dsplits.seed=N} replays one), and split with chunk sizes
 * that give many chunks and with a cap on chunks that makes the splitter thin its boundaries.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SplitterPartitionIT {

    private static final TestStack STACK = TestStack.get();
    private static final String DB = "splits_source";
    private static final long[] SEEDS = Long.getLong("splits.seed") == null ? new long[] {20261204L, 7L, 987_654_321L}
            : new long[] {Long.getLong("splits.seed")};
    /** Chunk size and chunk cap: many small chunks, fewer larger ones, and a cap that forces thinning. */
    private static final int[][] SPLITS = {{7, 10_000}, {100, 10_000}, {7, 3}};

    /** An ICU collation of the PostgreSQL server, else a libc one other than C; null when it has neither. */
    private static String collation;
    /** A case- and accent-insensitive ICU collation created on the PostgreSQL server, or null without ICU. */
    private static String insensitive;
    /** Whether the PostgreSQL server has the case-insensitive text type {@code citext}. */
    private static boolean citext;

    @BeforeAll
    static void databases() throws SQLException {
        STACK.postgres().createDatabaseIfMissing(DB);
        try (Connection c = STACK.postgres().connect(DB); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    SELECT collname, collprovider FROM pg_collation
                    WHERE collname IN ('und-x-icu', 'en-US-x-icu', 'en_US.utf8', 'en_US.UTF-8', 'en_US')
                    ORDER BY collprovider = 'i' DESC, collname = 'und-x-icu' DESC, collname
                    """)) {
                if (rs.next()) {
                    collation = rs.getString(1);
                    if ("i".equals(rs.getString(2))) {
                        st.execute("DROP COLLATION IF EXISTS splits_insensitive");
                        st.execute("CREATE COLLATION splits_insensitive "
                                + "(provider = icu, locale = 'und-u-ks-level1', deterministic = false)");
                        insensitive = "splits_insensitive";
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'citext'")) {
                citext = rs.next();
            }
            if (citext) {
                st.execute("CREATE EXTENSION IF NOT EXISTS citext");
            }
            st.execute("DROP TYPE IF EXISTS splits_mood CASCADE");
            st.execute("CREATE TYPE splits_mood AS ENUM ('zeta', 'alpha', 'mid', 'Beta', '_')");
        }
        try (Connection c = STACK.mariadb().connect("mysql"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    // ---- the tables -------------------------------------------------------------------------------------------

    private static final List<String> DIGIT_CROSSING = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "99",
            "100", "101", "999", "1000", "9999", "10000", "99999", "100000");
    private static final List<String> SMALLINTS = List.of("-32768", "-1", "0", "1", "2", "9", "10", "32767");
    private static final List<String> LONGS = List.of(Long.toString(Long.MIN_VALUE), Long.toString(Long.MIN_VALUE + 1), "-10",
            "-9", "-1", "0", "1", "9", "10", "9007199254740992", "9007199254740993", Long.toString(Long.MAX_VALUE - 1),
            Long.toString(Long.MAX_VALUE));
    /** Orders differently by code point and by any human collation: case, accents, digits as text, punctuation. */
    private static final List<String> TEXTS = List.of("a", "B", "é", "Z", "10", "9", "-x", "A", "b", "e", "E", "É", "z", "",
            " ", "a b", "ab", "a-b", "o'brien", "_y", "Ä", "ß", "ss", "Œuvre", "zz", "~", "1", "09", "ÿ");
    private static final String ALPHABET = "aAbBeEéÉzZäÄßçÇøØ0129-_ .,'!~";
    private static final List<String> UUIDS = List.of("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001",
            "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
    private static final List<String> DATES = List.of("0001-01-01", "1000-01-01", "1969-12-31", "1970-01-01", "1999-12-31",
            "2000-01-01", "2000-02-29", "2024-12-31", "9999-12-31");
    private static final List<String> BINARY = List.of("00000000000000000000000000000000", "00ff0000000000000000000000000000",
            "7fffffffffffffffffffffffffffffff", "80000000000000000000000000000000", "c3a90000000000000000000000000000",
            "ffffffffffffffffffffffffffffffff");

    /** One key column: its name and SQL type, how a value is written in SQL, fixed edge values, a random value. */
    record Column(String name, String type, Function<String, String> literal, List<String> edges, Function<Random, String> random) {
    }

    /** A source table: a key of one or more columns and a note, filled with the key's edges and random keys. */
    record Table(DatabaseType engine, String name, List<Column> key, int rows) {
        @Override
        public String toString() {
            return name + " " + key.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    private static Function<String, String> pg(String type) {
        return v -> "CAST('" + v.replace("'", "''") + "' AS " + type + ")";
    }

    private static String mariaText(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static Column pgColumn(String name, String type, List<String> edges, Function<Random, String> random) {
        return new Column(name, type, pg(type.replaceAll(" COLLATE .*", "")), edges, random);
    }

    private static Column mariaColumn(String name, String type, List<String> edges, Function<Random, String> random) {
        return new Column(name, type, SplitterPartitionIT::mariaText, edges, random);
    }

    private static String digitCrossing(Random r) {
        int digits = 1 + r.nextInt(6);
        long low = BigInteger.TEN.pow(digits - 1).longValue();
        return Long.toString(low + (long) (r.nextDouble() * (9 * low)));
    }

    private static String anyLong(Random r) {
        return Long.toString(r.nextLong());
    }

    private static String uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static String anyDouble(Random r) {
        return Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
    }

    private static String smallint(Random r) {
        return Integer.toString(r.nextInt(65_536) - 32_768);
    }

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String date(Random r) {
        return LocalDate.ofEpochDay(r.nextInt(365 * 200) - 365 * 100).toString();
    }

    private static String decimal(Random r, int maxScale) {
        return new BigDecimal(BigInteger.valueOf(r.nextLong()).multiply(BigInteger.valueOf(r.nextInt(1000))), r.nextInt(maxScale + 1))
                .toPlainString();
    }

    private static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String timestamp(Random r) {
        return Instant.ofEpochSecond(r.nextInt(2_000_000_000) - 1_000_000_000L, r.nextInt(1_000_000) * 1000L).toString()
                .replace('T', ' ').replace("Z", "");
    }

    static Stream<Table> postgresTables() {
        DatabaseType pg = DatabaseType.POSTGRESQL;
        List<Table> tables = new ArrayList<>(List.of(
                new Table(pg, "legacy_visits", List.of(pgColumn("patient_id", "bigint", DIGIT_CROSSING, SplitterPartitionIT::digitCrossing),
                        pgColumn("visit_no", "smallint", SMALLINTS, SplitterPartitionIT::smallint)), 600),
                new Table(pg, "pg_extremes", List.of(pgColumn("a", "bigint", LONGS, SplitterPartitionIT::anyLong),
                        pgColumn("b", "bigint", LONGS, SplitterPartitionIT::anyLong)), 500),
                new Table(pg, "pg_single_extremes", List.of(pgColumn("id", "bigint", LONGS, SplitterPartitionIT::anyLong)), 400),
                new Table(pg, "pg_single_dense", List.of(pgColumn("id", "integer", List.of("1", "2"),
                        r -> Integer.toString(r.nextInt(1500)))), 600),
                new Table(pg, "pg_uuid", List.of(pgColumn("id", "uuid", UUIDS, SplitterPartitionIT::uuid)), 500),
                new Table(pg, "pg_date", List.of(pgColumn("d", "date", List.of("4713-01-01 BC", "0044-03-15 BC", "0001-01-01", "1970-01-01",
                        "2000-02-29", "9999-12-31", "infinity", "-infinity"), SplitterPartitionIT::date)), 500),
                new Table(pg, "pg_numeric", List.of(pgColumn("n", "numeric", List.of("0", "-0.5", "1.5", "1.50", "10", "9.99", "-1e20",
                        "1e-30", "NaN", "123456789012345678901234567890.123", "123456789012345678901234567890.124"),
                        r -> decimal(r, 12))), 500),
                new Table(pg, "pg_numeric_scaled", List.of(pgColumn("n", "numeric(12,3)", List.of("0", "-0.001", "0.001", "999999999.999"),
                        r -> BigDecimal.valueOf(r.nextLong() % 1_000_000_000_000L, 3).toPlainString())), 500),
                new Table(pg, "pg_float", List.of(pgColumn("x", "double precision", List.of("0", "-0", "0.1", "0.30000000000000004",
                        "1e300", "-1e300", "5e-324", "Infinity", "-Infinity", "1.0000000000000002", "1"),
                        SplitterPartitionIT::anyDouble)), 500),
                new Table(pg, "pg_real", List.of(pgColumn("x", "real", List.of("0", "0.1", "1", "1.0000001", "1.0000002", "3.4028235e38"),
                        r -> Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10))))), 400),
                new Table(pg, "pg_timestamptz", List.of(pgColumn("at", "timestamp with time zone", List.of("1970-01-01 00:00:00+00",
                        "1999-12-31 23:59:59.999999+00", "2000-01-01 00:00:00+14"), r -> timestamp(r) + "+00")), 400),
                new Table(pg, "pg_timestamp_id", List.of(pgColumn("at", "timestamp(3) without time zone", List.of("2000-01-01 00:00:00"),
                        SplitterPartitionIT::timestamp), pgColumn("id", "bigint", LONGS, SplitterPartitionIT::anyLong)), 400),
                new Table(pg, "pg_bytea", List.of(pgColumn("b", "bytea", BINARY.stream().map(h -> "\\x" + h).toList(),
                        r -> "\\x" + hex(r, r.nextInt(4)))), 300),
                new Table(pg, "pg_enum_id", List.of(pgColumn("mood", "splits_mood", List.of("zeta", "alpha", "mid", "Beta", "_"),
                        r -> List.of("zeta", "alpha", "mid", "Beta", "_").get(r.nextInt(5))),
                        pgColumn("id", "integer", List.of("1", "2", "10"), r -> Integer.toString(r.nextInt(200)))), 500),
                new Table(pg, "pg_date_bigint", List.of(pgColumn("d", "date", DATES, SplitterPartitionIT::date),
                        pgColumn("id", "bigint", LONGS, SplitterPartitionIT::anyLong)), 500),
                new Table(pg, "pg_char", List.of(pgColumn("code", "character(4)", List.of("a", "a b", "ab", "A", "b", ""),
                        SplitterPartitionIT::text)), 300)));
        if (collation != null) {
            String collated = "text COLLATE \"" + collation + "\"";
            tables.add(new Table(pg, "pg_text_collated", List.of(pgColumn("code", collated, TEXTS, SplitterPartitionIT::text)), 600));
            tables.add(new Table(pg, "pg_text_int", List.of(pgColumn("code", collated, TEXTS, SplitterPartitionIT::text),
                    pgColumn("n", "integer", List.of("-1", "0", "9", "10"), r -> Integer.toString(r.nextInt(2000) - 1000))), 600));
            tables.add(new Table(pg, "pg_int_text", List.of(pgColumn("n", "smallint", List.of("-1", "0", "9", "10"),
                    r -> Integer.toString(r.nextInt(20))), pgColumn("code", collated, TEXTS, SplitterPartitionIT::text)), 600));
            tables.add(new Table(pg, "pg_varchar_collated", List.of(pgColumn("code", "character varying(8) COLLATE \"" + collation + "\"",
                    TEXTS, SplitterPartitionIT::text)), 400));
        }
        if (insensitive != null) {
            tables.add(new Table(pg, "pg_text_insensitive", List.of(pgColumn("code", "text COLLATE " + insensitive, TEXTS,
                    SplitterPartitionIT::text)), 400));
        }
        if (citext) {
            tables.add(new Table(pg, "pg_citext", List.of(pgColumn("code", "citext", TEXTS, SplitterPartitionIT::text),
                    pgColumn("n", "smallint", List.of("1", "2"), r -> Integer.toString(r.nextInt(3)))), 400));
        }
        return tables.stream();
    }

    static Stream<Table> mariaDbTables() {
        DatabaseType my = DatabaseType.MARIADB;
        Function<String, String> binary = v -> "X'" + v + "'";
        Function<String, String> number = v -> v;
        return Stream.of(
                new Table(my, "legacy_visits", List.of(
                        mariaColumn("patient_id", "bigint", DIGIT_CROSSING, SplitterPartitionIT::digitCrossing),
                        mariaColumn("visit_no", "smallint", SMALLINTS, SplitterPartitionIT::smallint)), 600),
                new Table(my, "my_extremes", List.of(mariaColumn("a", "bigint", LONGS, SplitterPartitionIT::anyLong),
                        mariaColumn("b", "bigint", LONGS, SplitterPartitionIT::anyLong)), 500),
                new Table(my, "my_single_extremes", List.of(mariaColumn("id", "bigint", LONGS, SplitterPartitionIT::anyLong)), 400),
                new Table(my, "my_unsigned", List.of(mariaColumn("id", "bigint unsigned", List.of("0", "1", "9223372036854775807",
                        "9223372036854775808", "18446744073709551614", "18446744073709551615"),
                        r -> new BigInteger(64, r).toString())), 400),
                new Table(my, "my_text_unicode_ci", List.of(mariaColumn("code", "varchar(12) COLLATE utf8mb4_unicode_ci", TEXTS,
                        SplitterPartitionIT::text)), 600),
                new Table(my, "my_text_general_ci", List.of(mariaColumn("code", "varchar(12) COLLATE utf8mb4_general_ci", TEXTS,
                        SplitterPartitionIT::text)), 600),
                new Table(my, "my_text_latin1", List.of(mariaColumn("code", "varchar(12) CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                        TEXTS.stream().filter(t -> !t.contains("Œ")).toList(), SplitterPartitionIT::text)), 400),
                new Table(my, "my_text_int", List.of(mariaColumn("code", "varchar(12)", TEXTS, SplitterPartitionIT::text),
                        mariaColumn("n", "int", List.of("-1", "0", "9", "10"), r -> Integer.toString(r.nextInt(2000) - 1000))), 600),
                new Table(my, "my_date_bigint", List.of(mariaColumn("d", "date", DATES.subList(1, DATES.size()),
                        r -> LocalDate.ofEpochDay(r.nextInt(365 * 100)).toString()),
                        mariaColumn("id", "bigint", LONGS, SplitterPartitionIT::anyLong)), 500),
                new Table(my, "my_decimal", List.of(mariaColumn("n", "decimal(30,10)", List.of("0", "-0.5", "1.5", "0.0000000001",
                        "12345678901234567890.1", "12345678901234567890.2", "99999999999999999999.9999999999",
                        "-99999999999999999999.9999999999"), r -> new BigDecimal(new BigInteger(96, r), 10).toPlainString())), 500),
                new Table(my, "my_double", List.of(mariaColumn("x", "double", List.of("0", "0.1", "0.30000000000000004", "1e300",
                        "-1e300", "1.0000000000000002", "1"), SplitterPartitionIT::anyDouble)), 500),
                new Table(my, "my_float", List.of(mariaColumn("x", "float", List.of("0", "0.1", "1", "1.0000001", "1.0000002"),
                        r -> Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10))))), 400),
                new Table(my, "my_datetime", List.of(mariaColumn("at", "datetime(6)",
                        List.of("1000-01-01 00:00:00", "2000-01-01 00:00:00.000001"),
                        r -> LocalDate.ofEpochDay(r.nextInt(365 * 100)) + " " + timestamp(r).substring(11))), 400),
                new Table(my, "my_uuid", List.of(mariaColumn("id", "uuid", UUIDS, SplitterPartitionIT::uuid)), 400),
                new Table(my, "my_binary", List.of(new Column("id", "binary(16)", binary, BINARY, r -> hex(r, 16))), 400),
                new Table(my, "my_varbinary", List.of(new Column("id", "varbinary(4)", binary, List.of("00", "ff", "c3a9", "80", "7f"),
                        r -> hex(r, r.nextInt(5)))), 400),
                new Table(my, "my_enum_id", List.of(mariaColumn("mood", "enum('zeta','alpha','mid','Beta','_')", List.of("zeta", "alpha",
                        "mid", "Beta", "_"), r -> List.of("zeta", "alpha", "mid", "Beta", "_").get(r.nextInt(5))),
                        mariaColumn("id", "int", List.of("1", "2", "10"), r -> Integer.toString(r.nextInt(200)))), 500),
                new Table(my, "my_set_id", List.of(mariaColumn("tags", "set('x','a','m')",
                        List.of("", "x", "a", "m", "x,a", "a,m", "x,a,m"),
                        r -> List.of("", "x", "a", "m", "x,a", "a,m", "x,m", "x,a,m").get(r.nextInt(8))),
                        mariaColumn("id", "int", List.of("1", "2", "10"), r -> Integer.toString(r.nextInt(200)))), 500),
                new Table(my, "my_bit_id", List.of(new Column("flags", "bit(10)", number, List.of("0", "1", "512", "1023"),
                        r -> Integer.toString(r.nextInt(1024))),
                        mariaColumn("id", "int", List.of("1", "2"), r -> Integer.toString(r.nextInt(20)))), 500));
    }

    // ---- the properties ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresTables")
    void everyRowOfAPostgresTableFallsInExactlyOneChunkInKeyOrder(Table table) throws SQLException {
        for (long seed : SEEDS) {
            fillAndSplit(table, seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mariaDbTables")
    void everyRowOfAMariaDbTableFallsInExactlyOneChunkInKeyOrder(Table table) throws SQLException {
        for (long seed : SEEDS) {
            fillAndSplit(table, seed);
        }
    }

    /** The text keys above would prove nothing if their collation sorted them as their code points do. */
    @Test
    void thePostgresCollatedKeysSortOtherwiseThanTheirCodePoints() throws SQLException {
        assumeThat(collation).as("the server has no collation but C").isNotNull();
        fill(postgresTables().filter(t -> t.name().equals("pg_text_collated")).findFirst().orElseThrow(), SEEDS[0]);
        try (Connection c = STACK.postgres().connect(DB); Statement st = c.createStatement()) {
            List<String> collated = strings(st, "SELECT code FROM " + DB + ".pg_text_collated ORDER BY code");
            List<String> codePoints = strings(st, "SELECT code FROM " + DB + ".pg_text_collated ORDER BY code COLLATE \"C\"");
            assertThat(collated).containsExactlyInAnyOrderElementsOf(codePoints).isNotEqualTo(codePoints);
        }
    }

    @Test
    void theMariaDbCaseInsensitiveKeysSortOtherwiseThanTheirBytes() throws SQLException {
        fill(mariaDbTables().filter(t -> t.name().equals("my_text_unicode_ci")).findFirst().orElseThrow(), SEEDS[0]);
        try (Connection c = STACK.mariadb().connect(DB); Statement st = c.createStatement()) {
            List<String> collated = strings(st, "SELECT code FROM my_text_unicode_ci ORDER BY code");
            List<String> bytes = strings(st, "SELECT code FROM my_text_unicode_ci ORDER BY CAST(code AS BINARY)");
            assertThat(collated).containsExactlyInAnyOrderElementsOf(bytes).isNotEqualTo(bytes);
            // Keys equal but for case or accents cannot both be there.
            assertThat(collated.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).distinct()).hasSameSizeAs(collated);
        }
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void fillAndSplit(Table table, long seed) throws SQLException {
        fill(table, seed);
        try (Connection source = session(table.engine())) {
            TableInfo info = discover(source, table);
            for (int[] split : SPLITS) {
                assertPartition(source, table, info, split[0], split[1],
                        table.engine() + " " + table + " seed " + seed + " chunk size " + split[0] + " cap " + split[1]);
            }
        }
    }

    /** Drops and creates the table, then inserts its edge keys and random keys (duplicates of a key are dropped). */
    private static void fill(Table table, long seed) throws SQLException {
        boolean pg = table.engine() == DatabaseType.POSTGRESQL;
        SqlDialect d = SqlDialect.of(table.engine());
        Random random = new Random(seed);
        Set<String> rows = new LinkedHashSet<>();
        List<List<String>> edges = new ArrayList<>(List.of(List.of()));
        for (Column column : table.key()) {
            List<List<String>> product = new ArrayList<>();
            for (List<String> prefix : edges) {
                for (String edge : column.edges()) {
                    List<String> tuple = new ArrayList<>(prefix);
                    tuple.add(column.literal().apply(edge));
                    product.add(tuple);
                }
            }
            edges = product;
        }
        edges.stream().limit(table.rows() / 2).forEach(t -> rows.add(String.join(", ", t)));
        for (int i = 0; i < table.rows(); i++) {
            rows.add(table.key().stream().map(c -> c.literal().apply(random.nextInt(3) == 0
                    ? c.edges().get(random.nextInt(c.edges().size())) : c.random().apply(random)))
                    .collect(Collectors.joining(", ")));
        }
        // Each row is told apart by its note, whatever a reader makes of its key.
        List<String> values = new ArrayList<>();
        for (String row : rows) {
            values.add("(" + row + ", " + values.size() + ")");
        }
        String name = d.table(DB, table.name());
        String columns = table.key().stream().map(c -> d.quote(c.name()) + " " + c.type() + " NOT NULL").collect(Collectors.joining(", "));
        String keyList = d.columns(table.key().stream().map(Column::name).toList());
        try (Connection c = pg ? STACK.postgres().connect(DB) : STACK.mariadb().connect(DB); Statement st = c.createStatement()) {
            if (pg) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + d.quote(DB));
            }
            st.execute("DROP TABLE IF EXISTS " + name);
            st.execute("CREATE TABLE " + name + " (" + columns + ", note bigint NOT NULL, PRIMARY KEY (" + keyList + "))");
            st.execute("INSERT " + (pg ? "" : "IGNORE ") + "INTO " + name + " (" + keyList + ", note) VALUES " + String.join(", ", values)
                    + (pg ? " ON CONFLICT DO NOTHING" : ""));
        }
    }

    /** A session on the source as the planner and the workers prepare theirs. */
    private static Connection session(DatabaseType engine) throws SQLException {
        Connection c = engine == DatabaseType.POSTGRESQL ? STACK.postgres().connect(DB) : STACK.mariadb().connect(DB);
        SourceSessions.prepare(c, engine);
        return c;
    }

    /** The table as the explorer's catalog reader discovers it. */
    private static TableInfo discover(Connection source, Table table) throws SQLException {
        List<TableInfo> found = new ArrayList<>();
        CatalogDialect.of(table.engine()).discover(source, t -> {
            if (t.schema().equals(DB) && t.name().equals(table.name())) {
                found.add(t);
            }
        });
        assertThat(found).as(table.name()).hasSize(1);
        return found.get(0);
    }

    /**
     * Splits the table and reads every chunk as the engine does; the rows read, chunk after chunk, must be the rows of
     * the table numbered in the source's own key order, each once.
     */
    private static void assertPartition(Connection source, Table table, TableInfo info, int chunkSize, int maxChunks, String context)
            throws SQLException {
        List<Splitter.Range> ranges = Splitter.of(table.engine()).split(source, info, chunkSize, maxChunks);
        String described = context + "; ranges " + ranges.stream().map(r -> r.range().lowerValues() + ".." + r.range().upperValues())
                .collect(Collectors.joining(" "));
        // A single whole-number key is split by value, except an unsigned 64-bit one, whose values may not fit a long.
        TableInfo.ColumnInfo first = info.column(info.primaryKey().get(0));
        boolean arithmetic = info.primaryKey().size() == 1 && NormalizedType.of(first.normalizedType()).integral()
                && !first.nativeType().matches("bigint.*unsigned.*");
        assertThat(ranges).as(described).hasSizeBetween(2, arithmetic ? maxChunks : 2 * maxChunks);
        assertThat(ranges.get(0).range().lowerValues()).as(described).isNull();
        assertThat(ranges.get(ranges.size() - 1).range().upperValues()).as(described).isNull();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).range().lowerValues()).as(described).isEqualTo(ranges.get(i - 1).range().upperValues());
        }

        ChunkMapping mapping = mapping(table, info);
        ChunkStatements sql = new ChunkStatements(mapping);
        Ranks ranks = ranks(source, table, info);
        assertThat(ranks.rows()).as(described).isGreaterThan((long) chunkSize);

        List<Long> decoded = new ArrayList<>();
        for (Splitter.Range r : ranges) {
            List<Long> chunk = new ArrayList<>();
            SourceRows.of(mapping, sql, source, r.range()).read(row -> chunk.add(rank(ranks, String.valueOf(row.get("note")), described)));
            if (!arithmetic) {
                // Bounds every so many keys: each chunk holds that many rows, the last one what remains.
                boolean last = r == ranges.get(ranges.size() - 1);
                assertThat((long) chunk.size()).as(described + "; rows of " + r.range())
                        .isBetween(last ? 1 : r.estimatedRows(), r.estimatedRows());
            }
            decoded.addAll(chunk.stream().sorted().toList());
        }
        assertThat(decoded).as(described + "; rows read by the decoding path, by rank in key order")
                .isEqualTo(LongStream.rangeClosed(1, ranks.rows()).boxed().toList());

        if (table.engine() == DatabaseType.POSTGRESQL) {
            List<Long> piped = new ArrayList<>();
            source.setAutoCommit(true);
            try (Statement st = source.createStatement()) {
                for (Splitter.Range r : ranges) {
                    List<Long> chunk = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery(sql.mappedSelect(r.range()))) {
                        while (rs.next()) {
                            chunk.add(rank(ranks, rs.getString(1), described));
                        }
                    }
                    piped.addAll(chunk.stream().sorted().toList());
                }
            }
            assertThat(piped).as(described + "; rows read by the COPY pipe's statement, by rank in key order")
                    .isEqualTo(LongStream.rangeClosed(1, ranks.rows()).boxed().toList());
        }
    }

    private static long rank(Ranks ranks, String note, String context) {
        Long rank = ranks.byNote().get(note);
        assertThat(rank).as(context + "; a chunk read a row the table does not hold: " + note).isNotNull();
        return rank;
    }

    /** Each row's position in the source's own order of the key, by its note; and the rows the table holds. */
    record Ranks(long rows, Map<String, Long> byNote) {
    }

    private static Ranks ranks(Connection source, Table table, TableInfo info) throws SQLException {
        SqlDialect d = SqlDialect.of(table.engine());
        String from = d.table(DB, table.name());
        Map<String, Long> byNote = new HashMap<>();
        long rows;
        source.setAutoCommit(true);
        try (Statement st = source.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + from)) {
                rs.next();
                rows = rs.getLong(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT note, row_number() OVER (ORDER BY " + d.columns(info.primaryKey()) + ") FROM "
                    + from)) {
                while (rs.next()) {
                    byNote.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        assertThat(byNote).as(table.name()).hasSize((int) rows);
        return new Ranks(rows, byNote);
    }

    /** A mapping that copies the note, as text, into a target keyed by it. */
    private static ChunkMapping mapping(Table table, TableInfo info) {
        TargetTable target = new TargetTable("public", table.name(), List.of(new TargetTable.TargetColumn("note", "text", true, true)),
                List.of("note"), List.of());
        Pinned.Spec spec = new Pinned.Spec(table.name(), new Pinned.Source(UUID.randomUUID(), DB, table.name()),
                new Pinned.Target("public", table.name()), List.of("note"), OnConflict.UPSERT, null,
                List.of(new Pinned.Field("note", "note")));
        return new ChunkMapping(new Pinned(UUID.randomUUID(), 1, spec, table.engine(), info, target, Map.of()), TenantScope.NONE);
    }
}
