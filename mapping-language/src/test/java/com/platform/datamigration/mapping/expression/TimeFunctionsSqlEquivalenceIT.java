package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.ExpressionSqlEquivalenceIT.check;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: the time functions give in Java what their compiled SQL gives on a real PostgreSQL, or both refuse the
 * input, around DST changes, leap days, year boundaries, the edges of the years 1 to 9999 and of 64-bit inputs.
 */
class TimeFunctionsSqlEquivalenceIT {

    @BeforeAll
    static void connect() throws SQLException {
        ExpressionSqlEquivalenceIT.connect();
    }

    static final String[] DATES = {"2024-02-29", "2024-02-28", "2024-03-01", "2023-02-28", "1900-02-28", "1900-03-01", "2000-02-29",
        "2023-12-31", "2024-01-01", "2024-01-31", "2024-03-31", "2024-05-31", "0001-01-01", "0001-12-31", "9999-12-31", "9999-01-31",
        "1970-01-01", "1969-12-31", "2024-03-10", "2024-11-03", "2024-10-27", "2024-04-07"};

    static final String[] TIMES = {"2024-03-10 02:30:00", "2024-03-10 01:59:59.999999", "2024-03-10 03:00:00", "2024-11-03 01:30:00",
        "2024-11-03 00:59:59", "2024-03-31 02:30:00", "2024-10-27 02:30:00", "2024-04-07 01:45:00", "2024-10-06 02:15:00",
        "2024-02-29 23:59:59.5", "2023-12-31 23:59:59", "2024-01-01 00:00:00", "1970-01-01 00:00:00", "0001-01-01 00:00:00",
        "9999-12-31 23:59:59.999999", "1900-02-28 12:00:00", "2000-02-29 00:00:00.000001"};

    // Instants at and around the 2024 transitions of New York, Berlin and Lord Howe (UTC+10:30/+11, a 30-minute shift).
    static final String[] INSTANTS = {"2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z", "2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z",
        "2024-03-31T00:59:59Z", "2024-03-31T01:00:00Z", "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z", "2024-04-06T14:30:00Z",
        "2024-04-06T14:59:59.999999Z", "2024-04-06T15:00:00Z", "2024-04-06T15:30:00Z", "2024-10-05T15:29:59Z", "2024-10-05T15:30:00Z",
        "2024-02-29T23:30:00Z", "2023-12-31T23:30:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z"};

    static String date(Random r) {
        return r.nextInt(10) == 0 ? null : r.nextInt(2) == 0 ? DATES[r.nextInt(DATES.length)]
                : LocalDate.ofEpochDay(r.nextInt(3_652_059) + LocalDate.of(1, 1, 1).toEpochDay()).toString();
    }

    static String timestamp(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        if (r.nextInt(2) == 0) {
            return TIMES[r.nextInt(TIMES.length)];
        }
        LocalDateTime t = LocalDateTime.of(1 + r.nextInt(9999), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60),
                r.nextInt(3) == 0 ? r.nextInt(1_000_000) * 1000 : 0);
        return t.toString().replace('T', ' ');
    }

    static String instant(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        if (r.nextInt(2) == 0) {
            return INSTANTS[r.nextInt(INSTANTS.length)];
        }
        long seconds = Instant.parse("1880-01-01T00:00:00Z").getEpochSecond() + (long) (r.nextDouble() * 7_000_000_000L);
        return Instant.ofEpochSecond(seconds, r.nextInt(3) == 0 ? r.nextInt(1_000_000) * 1000L : 0).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_zone(tz, 'Europe/Berlin')", "to_zone(tz, 'America/New_York')", "to_zone(tz, 'Australia/Lord_Howe')",
        "year(tz)", "month(tz)", "day(tz)", "hour(tz)", "minute(tz)", "second(tz)", "day_of_week(tz)", "date_of(tz)",
        "add_seconds(tz, 1)", "add_seconds(tz, -86400)", "add_seconds(tz, 9223372036854775807)", "add_seconds(tz, -315537897599)",
        "seconds_between(tz, in_zone(parse_timestamp('2024-03-10 03:00', 'YYYY-MM-DD HH24:MI'), 'America/New_York'))",
        "seconds_between(from_unixtime(0), tz)", "hour(to_zone(tz, 'Australia/Lord_Howe'))", "minute(to_zone(tz, 'Australia/Lord_Howe'))"})
    void onInstants(String expression) throws SQLException {
        check(expression, "timestamptz", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::instant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"year(ts)", "month(ts)", "day(ts)", "hour(ts)", "minute(ts)", "second(ts)", "day_of_week(ts)", "date_of(ts)",
        "add_days(ts, 1)", "add_days(ts, -366)", "add_days(ts, 3652058)", "add_days(ts, -9223372036854775808)", "add_months(ts, 1)",
        "add_months(ts, -13)", "add_months(ts, 119987)", "add_seconds(ts, 1)", "add_seconds(ts, -1)", "add_seconds(ts, 315537897599)",
        "seconds_between(ts, parse_timestamp('2024-02-29 12:00:00', 'YYYY-MM-DD HH24:MI:SS'))",
        "seconds_between(parse_timestamp('2000-02-29 00:00:00', 'YYYY-MM-DD HH24:MI:SS'), ts)",
        "to_zone(in_zone(ts, 'Australia/Lord_Howe'), 'Europe/Berlin')"})
    void onTimestamps(String expression) throws SQLException {
        check(expression, "timestamp", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::timestamp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"year(d)", "month(d)", "day(d)", "day_of_week(d)", "date_of(d)", "add_days(d, 1)", "add_days(d, -1)",
        "add_days(d, 366)", "add_days(d, 9223372036854775807)", "add_months(d, 1)", "add_months(d, -1)", "add_months(d, 12)",
        "add_months(d, -24001)", "add_months(d, 2147483647)", "days_between(d, parse_date('2000-02-29', 'YYYY-MM-DD'))",
        "days_between(parse_date('1900-02-28', 'YYYY-MM-DD'), d)"})
    void onDates(String expression) throws SQLException {
        check(expression, "date", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::date);
    }

    static final String[] SECONDS = {"0", "-62135596800", "-62135596801", "253402300799", "253402300800", "253402300799.999999",
        "253402300799.9999995", "253402300799.9999994", "-62135596800.0000005", "-62135596799.9999995", "1709164800.5", "-0.0000005",
        "0.0000005", "-1.5", "1.0000004999", "9223372036854775807", "-9223372036854775808", "100000000000000000000", "1710054000",
        "1711846800", "1712415600", "-2208988800"};

    static String seconds(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 5) {
            return SECONDS[r.nextInt(SECONDS.length)];
        }
        long whole = r.nextInt(3) == 0 ? r.nextLong() : MIN + (long) (r.nextDouble() * (MAX - MIN));
        return r.nextInt(2) == 0 ? Long.toString(whole) : BigDecimal.valueOf(whole).add(BigDecimal.valueOf(r.nextInt(1_000_000_000), 9))
                .toPlainString();
    }

    private static final long MIN = -62135596800L;
    private static final long MAX = 253402300799L;

    @ParameterizedTest
    @ValueSource(strings = {"from_unixtime(n)", "to_zone(from_unixtime(n), 'Australia/Lord_Howe')", "from_unixtime_ms(n)"})
    void fromDecimals(String expression) throws SQLException {
        check(expression, "numeric", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"from_unixtime(i)", "from_unixtime_ms(i)", "add_days(parse_date('2024-02-29', 'YYYY-MM-DD'), i)",
        "add_months(parse_date('2024-01-31', 'YYYY-MM-DD'), i)", "add_seconds(utc(parse_timestamp('2024-03-10 06:59:59', 'YYYY-MM-DD HH24:MI:SS')), i)"})
    void fromIntegers(String expression) throws SQLException {
        check(expression, "bigint", new Random(expression.hashCode()), r -> {
            String s = seconds(r);
            return s == null || s.contains(".") || s.length() > 19 && !s.startsWith("-") ? (s == null ? null : Long.toString(r.nextInt(2000) - 1000))
                    : r.nextInt(3) == 0 ? Long.toString(r.nextInt(100) - 50) : s;
        });
    }

    static final String[] TEXTS = {"2024-02-29", "02/29/2024", "2/29/2024", "2023-02-29", "02/29/2023", "1900-02-29", "02/29/1900",
        "2000-02-29", "29.02.2000", "31.04.2020", "0000-00-00", " 0000-00-00 ", "0000-00-00 00:00:00", "0000-00-00 00:00:00.000000",
        "0000-01-01", "00/00/0000", "2024-12-31", "12/31/2024", "1.1.2001", "2024-1-5", "2024-02-29 23:59:58", "2024-02-29T23:59",
        "2024-03-10 02:30:00", "2024-02-30 00:00:00", "2024-02-29 24:00:00", "", " ", "x", "2024", "13/01/2020", "2024-13-01"};

    static String dateText(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 8) {
            return TEXTS[r.nextInt(TEXTS.length)];
        }
        return ExpressionSqlEquivalenceIT.text(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY')", "parse_date(s, 'MM/DD/YYYY', 'DD.MM.YYYY', 'YYYY-MM-DD')",
        "parse_date(s, 'YYYY-MM-DD', zero => null)", "parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY', zero => null)",
        "parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', 'YYYY-MM-DDTHH24:MI', 'YYYY-MM-DD')", "parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', zero => null)",
        "zero_date_null(s)", "parse_date(s, 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'MM/DD/YYYY')",
        "year(parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY', zero => null))"})
    void parsingSeveralFormats(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::dateText);
    }

    static final String[] INTERVALS = {"01:30:00", "-00:05:00", "1 day 02:00:00", "2 days", "1 year 2 mons 3 days 04:05:06.5",
        "00:00:00.000001", "-00:00:00.000001", "838:59:59", "-838:59:59", "-01:00:00", "-1 days +02:00:00", "-1 days -02:00:00",
        "1 year", "-1 years", "-1 years +2 mons", "11 mons", "13 mons", "-13 mons", "1 mon", "3 years -1 mons", "00:00:00", "1 day",
        "1 days", "-2 days", "+2 days", "1 year 1 day", "1 year 00:00:01", "9999999 days", "999999 years 9999999 mons 9999999 days 9999999:59:59.999999",
        "-00:05:59", "00:05:59.9999999", "00:60:00", "00:00:60", "1:2:3", "1:02:03", " 01:00:00", "01:00:00 ", "2 days ", "2  days",
        "1 day02:00:00", "@ 1 hour", "P1D", "1-2", "1 2:03:04", "1 week", "", " ", "-", "+", "2 days 1 year", "1 hour", "01:00",
        "2 mons 1 year", "1 year 2 mons 3 days", "10000000 days", "1234567 years", "12:34:56.123456", "-12:34:56.1234567", "02:00:00\n"};

    static String intervalText(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 7) {
            return INTERVALS[r.nextInt(INTERVALS.length)];
        }
        if (pick == 7) {
            return ExpressionSqlEquivalenceIT.text(r);
        }
        StringBuilder s = new StringBuilder();
        if (r.nextBoolean()) {
            s.append(r.nextInt(5) - 2).append(r.nextBoolean() ? " years " : " year ");
        }
        if (r.nextBoolean()) {
            s.append(r.nextInt(30) - 15).append(" mons ");
        }
        if (r.nextBoolean()) {
            s.append(r.nextBoolean() ? "+" : "").append(r.nextInt(800) - 400).append(" days ");
        }
        if (r.nextBoolean() || s.length() == 0) {
            s.append(r.nextInt(3) == 0 ? "-" : r.nextInt(3) == 0 ? "+" : "").append(String.format("%02d:%02d:%02d", r.nextInt(900), r.nextInt(60),
                    r.nextInt(60))).append(r.nextBoolean() ? "." + (r.nextInt(999_999) + 1) : "");
        }
        return s.toString().trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_zone(null, 'Europe/Berlin')", "year(null)", "second(null)", "day_of_week(null)", "date_of(null)",
        "from_unixtime(null)", "from_unixtime_ms(null)", "add_days(null, 1)", "add_days(parse_date('2024-02-29', 'YYYY-MM-DD'), null)",
        "add_months(null, 1)", "add_seconds(null, 1)", "days_between(null, null)", "seconds_between(null, null)", "seconds(null)",
        "minutes(null)", "parse_date(null, 'YYYY-MM-DD', 'MM/DD/YYYY')", "parse_date(null, 'YYYY-MM-DD', zero => null)", "zero_date_null(null)"})
    void aNullLiteralIsNullOnBothSides(String expression) throws SQLException {
        Expression e = Expression.compile(expression, java.util.Map.of());
        org.assertj.core.api.Assertions.assertThat(e.evaluate(java.util.Map.of())).isNull();
        String from = " FROM (SELECT CAST(? AS text) AS unused) t";
        org.assertj.core.api.Assertions.assertThat(ExpressionSqlEquivalenceIT.value("SELECT " + e.toSql(ExpressionTest::quote) + from, null, e.type()))
                .as(e.toSql(ExpressionTest::quote)).isEqualTo("null");
        org.assertj.core.api.Assertions.assertThat(ExpressionSqlEquivalenceIT.value("SELECT " + e.toGuardedSql(ExpressionTest::quote) + from, null,
                e.type())).isEqualTo("null");
        String guard = e.guardSql(ExpressionTest::quote);
        if (guard != null) {
            org.assertj.core.api.Assertions.assertThat(ExpressionSqlEquivalenceIT.guard(guard + from, null)).isEqualTo("true");
        }
    }

    // PostgreSQL's own output of intervals and times (so the text Java is given is the text the column prints).
    static final String[] PRINTED = {"01:30:00", "-00:05:00", "1 day 02:00:00", "2 days", "1 year 2 mons 3 days 04:05:06.5", "00:00:00.000001",
        "-1 days +02:00:00", "-1 years -2 mons", "838:59:59", "-01:00:00", "00:00:00", "13 years 11 mons", "-00:00:00.5"};

    @ParameterizedTest
    @ValueSource(strings = {"seconds(s)", "minutes(s)"})
    void columnsOfTypeIntervalAndTime(String expression) throws SQLException {
        check(expression, "interval", new Random(expression.hashCode()), r -> r.nextInt(10) == 0 ? null : PRINTED[r.nextInt(PRINTED.length)]);
        check(expression, "time", new Random(expression.hashCode()), r -> r.nextInt(10) == 0 ? null
                : String.format("%02d:%02d:%02d", r.nextInt(24), r.nextInt(60), r.nextInt(60)) + (r.nextBoolean() ? "" : ".25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seconds(s)", "minutes(s)"})
    void intervalsHeldAsText(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), TimeFunctionsSqlEquivalenceIT::intervalText);
    }
}
