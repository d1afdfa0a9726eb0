package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;
import static com.platform.datamigration.mapping.expression.Functions.invalid;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Dates, timestamps and time zones: parsing text by a format, reading local times in a zone. */
final class TimeFunctions {

    private TimeFunctions() {
    }

    static List<FunctionDef> all() {
        List<FunctionDef> out = new java.util.ArrayList<>(List.of(
                parseFunction("parse_date", Type.DATE, "date")
                        .doc("parse_date(s, 'MM/DD/YYYY', …, zero => null)", "Text read as a date by a format of YYYY, MM, DD and the separators / - . "
                                + "and space (a month or day of one digit is accepted); surrounding spaces are ignored. Up to "
                                + MAX_FORMATS + " formats are tried in order, the first the value matches (its shape and a real "
                                + "calendar date) wins. An impossible or malformed date, or year 0000, is `UNPARSEABLE_DATE`: the row "
                                + "goes to quarantine. `zero => null` makes a MySQL zero date (`0000-00-00`, see `zero_date_null`) "
                                + "null instead.",
                                "parse_date('02/29/2024', 'YYYY-MM-DD', 'MM/DD/YYYY') → 2024-02-29"),
                parseFunction("parse_timestamp", Type.TIMESTAMP, "timestamp")
                        .doc("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', …, zero => null)", "Text read as a timestamp without time zone by a format "
                                + "of YYYY, MM, DD, HH24, MI, SS and the separators / - . : space T; up to " + MAX_FORMATS + " formats "
                                + "are tried in order, the first the value matches wins. A malformed or impossible value is "
                                + "`UNPARSEABLE_DATE`. `zero => null` makes a MySQL zero date (`0000-00-00 00:00:00`) null instead.",
                                "parse_timestamp('2024-03-10 02:30:00', 'YYYY-MM-DD HH24:MI:SS') → 2024-03-10T02:30"),
                function("zero_date_null").category("time")
                        .doc("zero_date_null(s)", "Null for a MySQL zero date (`0000-00-00` or `0000-00-00 00:00:00`, optionally "
                                + "with a fraction of zeros, and spaces around it), the text unchanged otherwise; what `zero => null` "
                                + "of parse_date and parse_timestamp applies before parsing.", "zero_date_null('0000-00-00') → null")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expect(0, Type.STRING);
                            return Type.STRING;
                        })
                        .nulls("null in, null out; a zero date gives null")
                        .lazy()
                        .evaluate(a -> a.get(0) == null || ZERO_DATE.matcher(a.string(0)).matches() ? null : a.string(0))
                        .sql(a -> "CASE WHEN " + a.arg(0) + " ~ '^" + ZERO_DATE.pattern() + "$' THEN NULL ELSE " + a.arg(0) + " END"),
                function("utc").category("time")
                        .doc("utc(ts)", "A timestamp without time zone read as UTC.", "utc(parse_timestamp('2024-03-10 02:30', 'YYYY-MM-DD HH24:MI')) → 2024-03-10T02:30Z")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expect(0, Type.TIMESTAMP);
                            return Type.TIMESTAMPTZ;
                        })
                        .evaluate(a -> ((LocalDateTime) a.get(0)).atOffset(ZoneOffset.UTC))
                        .sql(a -> "(" + a.arg(0) + " AT TIME ZONE 'UTC')"),
                function("in_zone").category("time")
                        .doc("in_zone(ts, 'America/New_York')", "A timestamp without time zone read as the local time of a zone "
                                + "named as the IANA database names it. A time in a DST gap moves forward by the gap (02:30 on a "
                                + "spring-forward day is 03:30); a time in an overlap takes the later, standard-time offset (01:30 "
                                + "on a fall-back day is 01:30 EST), as PostgreSQL's AT TIME ZONE does.",
                                "in_zone(parse_timestamp('2024-03-10 02:30', 'YYYY-MM-DD HH24:MI'), 'America/New_York') → 2024-03-10T03:30-04:00")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.TIMESTAMP);
                            zone("in_zone", a.literalString(1));
                            return Type.TIMESTAMPTZ;
                        })
                        .evaluate(a -> ((LocalDateTime) a.get(0)).atZone(zone("in_zone", a.literalString(1))).withLaterOffsetAtOverlap()
                                .toOffsetDateTime())
                        .sql(a -> "(" + a.arg(0) + " AT TIME ZONE " + a.arg(1) + ")")));
        out.addAll(parts());
        out.addAll(arithmetic());
        out.addAll(intervals());
        return out;
    }

    // The years a computed date or time may have on both sides: 0001-01-01 to 9999-12-31 23:59:59.999999 (UTC).
    static final long MIN_EPOCH = -62135596800L;
    static final long MAX_EPOCH_MICROS = 253402300799999999L;
    private static final String EPOCH_RANGE = "BETWEEN " + MIN_EPOCH + " AND 253402300799.999999";

    private static List<FunctionDef> parts() {
        return List.of(
                function("to_zone").category("time")
                        .doc("to_zone(tz, 'Europe/Berlin')", "The local wall time (a timestamp without time zone) of an instant in "
                                + "a zone named as the IANA database names it, as PostgreSQL's `AT TIME ZONE` gives it.",
                                "to_zone(utc(parse_timestamp('2024-03-31 01:30', 'YYYY-MM-DD HH24:MI')), 'Europe/Berlin') → 2024-03-31T03:30")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.TIMESTAMPTZ);
                            zone("to_zone", a.literalString(1));
                            return Type.TIMESTAMP;
                        })
                        .evaluate(a -> {
                            OffsetDateTime t = (OffsetDateTime) a.get(0);
                            if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
                                return t.equals(OffsetDateTime.MAX) ? LocalDateTime.MAX : LocalDateTime.MIN;  // ±infinity stays so
                            }
                            return t.atZoneSameInstant(zone("to_zone", a.literalString(1))).toLocalDateTime();
                        })
                        .sql(a -> "(" + a.arg(0) + " AT TIME ZONE " + a.arg(1) + ")"),
                part("year", "year", true, t -> t.getYear() <= 0 ? t.getYear() - 1 : t.getYear(),
                        "The year (1 BC is -1: there is no year 0, as in PostgreSQL).", "year(parse_date('2024-02-29', 'YYYY-MM-DD')) → 2024"),
                part("month", "month", true, LocalDateTime::getMonthValue, "The month, 1 to 12.",
                        "month(parse_date('2024-02-29', 'YYYY-MM-DD')) → 2"),
                part("day", "day", true, LocalDateTime::getDayOfMonth, "The day of the month, 1 to 31.",
                        "day(parse_date('2024-02-29', 'YYYY-MM-DD')) → 29"),
                part("hour", "hour", false, LocalDateTime::getHour, "The hour, 0 to 23.",
                        "hour(parse_timestamp('2024-02-29 23:59:58', 'YYYY-MM-DD HH24:MI:SS')) → 23"),
                part("minute", "minute", false, LocalDateTime::getMinute, "The minute, 0 to 59.",
                        "minute(parse_timestamp('2024-02-29 23:59:58', 'YYYY-MM-DD HH24:MI:SS')) → 59"),
                part("second", "second", false, LocalDateTime::getSecond, "The whole second, 0 to 59 (a fraction is dropped).",
                        "second(parse_timestamp('2024-02-29 23:59:58', 'YYYY-MM-DD HH24:MI:SS')) → 58"),
                part("day_of_week", "isodow", true, t -> t.getDayOfWeek().getValue(), "The ISO day of the week: 1 is Monday, 7 Sunday.",
                        "day_of_week(parse_date('2024-02-29', 'YYYY-MM-DD')) → 4"),
                typedNulls(function("date_of").category("time")
                        .doc("date_of(ts)", "The date of a timestamp (of a timestamp with time zone, in UTC); a date unchanged.",
                                "date_of(parse_timestamp('2024-02-29 23:59:58', 'YYYY-MM-DD HH24:MI:SS')) → 2024-02-29")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expectOneOf(0, Type.DATE, Type.TIMESTAMP, Type.TIMESTAMPTZ);
                            return Type.DATE;
                        })
                        .evaluate(a -> {
                            Object v = a.get(0);
                            if (v instanceof OffsetDateTime t) {
                                return t.equals(OffsetDateTime.MAX) ? LocalDate.MAX : t.equals(OffsetDateTime.MIN) ? LocalDate.MIN
                                        : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
                            }
                            return v instanceof LocalDateTime t ? t.toLocalDate() : v;
                        })
                        .sql(a -> a.type(0) == Type.DATE ? a.arg(0) : "CAST(" + utcLocal(a, 0) + " AS date)"), Type.TIMESTAMP));
    }

    /** The local time an argument stands for: a timestamp with time zone's in UTC (whatever the session's zone). */
    private static String utcLocal(FunctionDef.SqlArgs a, int i) {
        return a.type(i) == Type.TIMESTAMPTZ ? "(" + a.arg(i) + " AT TIME ZONE 'UTC')" : a.arg(i);
    }

    /**
     * A field of a date or time, as PostgreSQL's extract gives it. An infinite value (which PostgreSQL's driver gives
     * Java as the largest or smallest date) has no fields: an error on both sides.
     */
    private static FunctionDef part(String name, String field, boolean ofDates, java.util.function.ToIntFunction<LocalDateTime> get,
            String summary, String example) {
        return typedNulls(function(name).category("time")
                .doc(name + "(x)", summary + " Of a " + (ofDates ? "date, " : "") + "timestamp or a timestamp with time zone (in UTC); "
                        + "an infinite value is `DATE_OUT_OF_RANGE`.", example)
                .check(a -> {
                    a.arity(1, 1);
                    if (ofDates) {
                        a.expectOneOf(0, Type.DATE, Type.TIMESTAMP, Type.TIMESTAMPTZ);
                    } else {
                        a.expectOneOf(0, Type.TIMESTAMP, Type.TIMESTAMPTZ);
                    }
                    return Type.INTEGER;
                })
                .evaluate(a -> (long) get.applyAsInt(local(name, a.get(0))))
                .sql(a -> "CASE WHEN isfinite(" + a.arg(0) + ") THEN CAST(" + extract(a, field) + " AS bigint) ELSE CAST(CAST(" + a.arg(0)
                        + " AS text) || ' has no " + field + "' AS bigint) END")
                .trusted(a -> "CAST(" + extract(a, field) + " AS bigint)")
                .guard(a -> "(" + a.arg(0) + " IS NULL OR isfinite(" + a.arg(0) + "))"), Type.TIMESTAMP);
    }

    /**
     * The definition with each null literal argument typed for PostgreSQL ({@code CAST(NULL AS date)}): a bare NULL
     * has no type, and isfinite, extract and the date operators would not know which of theirs to take.
     */
    private static FunctionDef typedNulls(FunctionDef def, Type... as) {
        FunctionDef.Compiler sql = def.sql;
        FunctionDef.Compiler trusted = def.trusted;
        FunctionDef.Compiler guard = def.guard;
        def.sql(a -> sql.sql(typedNulls(def.name, a, as)));
        if (trusted != null) {
            def.trusted(a -> trusted.sql(typedNulls(def.name, a, as)));
        }
        if (guard != null) {
            def.guard(a -> guard.sql(typedNulls(def.name, a, as)));
        }
        return def;
    }

    private static FunctionDef.SqlArgs typedNulls(String function, FunctionDef.SqlArgs a, Type... as) {
        List<String> sql = new java.util.ArrayList<>();
        List<Type> types = new java.util.ArrayList<>();
        List<Expr> raw = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            boolean untyped = a.type(i) == Type.NULL && i < as.length;
            sql.add(untyped ? "CAST(NULL AS " + pgType(as[i]) + ")" : a.arg(i));
            types.add(untyped ? as[i] : a.type(i));
            raw.add(a.raw(i));
        }
        return new FunctionDef.SqlArgs(function, sql, types, raw, a::guard, a::trusted);
    }

    private static String pgType(Type t) {
        return t == Type.DATE ? "date" : t == Type.TIMESTAMPTZ ? "timestamptz" : t == Type.INTEGER ? "bigint" : "timestamp";
    }

    private static String extract(FunctionDef.SqlArgs a, String field) {
        String e = "extract(" + field + " FROM " + utcLocal(a, 0) + ")";
        return field.equals("second") ? "trunc(" + e + ")" : e;
    }

    /** A date, timestamp or timestamp with time zone (in UTC) as a local date and time; an infinite one is an error. */
    private static LocalDateTime local(String function, Object v) {
        LocalDateTime t = v instanceof LocalDate d ? (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN) ? LocalDateTime.MAX : d.atStartOfDay())
                : v instanceof OffsetDateTime o ? (o.equals(OffsetDateTime.MAX) || o.equals(OffsetDateTime.MIN) ? LocalDateTime.MAX
                : o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) : (LocalDateTime) v;
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
            throw outOfRange(function + ": an infinite date or time has no parts");
        }
        return t;
    }

    private static boolean infinite(Object v) {
        return v.equals(LocalDate.MAX) || v.equals(LocalDate.MIN) || v.equals(LocalDateTime.MAX) || v.equals(LocalDateTime.MIN)
                || v.equals(OffsetDateTime.MAX) || v.equals(OffsetDateTime.MIN);
    }

    private static ExpressionException outOfRange(String message) {
        return new ExpressionException("DATE_OUT_OF_RANGE", message);
    }

    private static List<FunctionDef> arithmetic() {
        return List.of(
                function("from_unixtime").category("time")
                        .doc("from_unixtime(n)", "The instant `n` seconds after 1970-01-01 00:00 UTC (a decimal's fraction rounded half "
                                + "away from zero to microseconds). An instant outside the years 1 to 9999 is `DATE_OUT_OF_RANGE`.",
                                "from_unixtime(1709164800.5) → 2024-02-29T00:00:00.500Z")
                        .check(a -> unixtimeCheck(a))
                        .evaluate(a -> fromUnix(decimal(a.get(0)), "from_unixtime"))
                        .sql(a -> fromUnixSql(a, a.type(0) == Type.INTEGER ? null : "CAST(" + a.arg(0) + " AS numeric)"))
                        .trusted(a -> fromUnixTrusted(a, a.type(0) == Type.INTEGER ? null : "CAST(" + a.arg(0) + " AS numeric)"))
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + (a.type(0) == Type.INTEGER ? a.arg(0)
                                : "round(CAST(" + a.arg(0) + " AS numeric), 6)") + " " + EPOCH_RANGE + ")"),
                function("from_unixtime_ms").category("time")
                        .doc("from_unixtime_ms(n)", "The instant `n` milliseconds after 1970-01-01 00:00 UTC (a decimal's fraction "
                                + "rounded half away from zero to microseconds); outside the years 1 to 9999 `DATE_OUT_OF_RANGE`.",
                                "from_unixtime_ms(1709164800123) → 2024-02-29T00:00:00.123Z")
                        .check(a -> unixtimeCheck(a))
                        .evaluate(a -> fromUnix(decimal(a.get(0)).movePointLeft(3), "from_unixtime_ms"))
                        .sql(a -> fromUnixSql(a, "(" + a.arg(0) + " * 0.001)"))
                        .trusted(a -> fromUnixTrusted(a, "(" + a.arg(0) + " * 0.001)"))
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR round(" + a.arg(0) + " * 0.001, 6) " + EPOCH_RANGE + ")"),
                typedNulls(function("add_days").category("time")
                        .doc("add_days(x, n)", "A date or timestamp `n` days later (earlier for a negative `n`); a result outside the "
                                + "years 1 to 9999 is `DATE_OUT_OF_RANGE`.", "add_days(parse_date('2024-02-28', 'YYYY-MM-DD'), 1) → 2024-02-29")
                        .check(a -> shiftCheck(a, "add_days", Type.DATE, Type.TIMESTAMP))
                        .evaluate(a -> shift("add_days", a.get(0), a.integer(1), 'D'))
                        .sql(a -> shiftSql(a, "86400", addDays(a)))
                        .trusted(a -> "(" + addDays(a) + ")")
                        .guard(a -> shiftGuard(a, "extract(epoch FROM " + a.arg(0) + ") + CAST(" + a.arg(1) + " AS numeric) * 86400 " + EPOCH_RANGE)), Type.DATE, Type.INTEGER),
                typedNulls(function("add_months").category("time")
                        .doc("add_months(x, n)", "A date or timestamp `n` months later (earlier for a negative `n`); a day past the end "
                                + "of the month it lands in is that month's last day (2024-01-31 plus one month is 2024-02-29), as "
                                + "PostgreSQL's interval arithmetic does. Outside the years 1 to 9999 `DATE_OUT_OF_RANGE`.",
                                "add_months(parse_date('2024-01-31', 'YYYY-MM-DD'), 1) → 2024-02-29")
                        .check(a -> shiftCheck(a, "add_months", Type.DATE, Type.TIMESTAMP))
                        .evaluate(a -> shift("add_months", a.get(0), a.integer(1), 'M'))
                        .sql(a -> "CASE WHEN " + monthsFit(a) + " THEN " + monthsShift(a) + " ELSE " + shiftFailure(a) + " END")
                        .trusted(a -> monthsShift(a))
                        .guard(a -> shiftGuard(a, "COALESCE(" + monthsFit(a) + ", FALSE)")), Type.DATE, Type.INTEGER),
                typedNulls(function("add_seconds").category("time")
                        .doc("add_seconds(x, n)", "A timestamp, or a timestamp with time zone, `n` seconds later (earlier for a negative "
                                + "`n`): elapsed seconds, whatever the clocks do; outside the years 1 to 9999 (UTC) `DATE_OUT_OF_RANGE`.",
                                "add_seconds(parse_timestamp('2024-12-31 23:59:59', 'YYYY-MM-DD HH24:MI:SS'), 1) → 2025-01-01T00:00")
                        .check(a -> shiftCheck(a, "add_seconds", Type.TIMESTAMP, Type.TIMESTAMPTZ))
                        .evaluate(a -> shift("add_seconds", a.get(0), a.integer(1), 'S'))
                        .sql(a -> shiftSql(a, "1", a.arg(0) + " + " + clamp(a.arg(1), 400_000_000_000L) + " * interval '1 second'"))
                        .trusted(a -> "(" + a.arg(0) + " + " + clamp(a.arg(1), 400_000_000_000L) + " * interval '1 second')")
                        .guard(a -> shiftGuard(a, "extract(epoch FROM " + a.arg(0) + ") + " + a.arg(1) + " " + EPOCH_RANGE)), Type.TIMESTAMP, Type.INTEGER),
                typedNulls(function("days_between").category("time")
                        .doc("days_between(a, b)", "The days from date `a` to date `b` (negative when `b` is earlier); infinite dates "
                                + "are `DATE_OUT_OF_RANGE`.", "days_between(parse_date('2023-12-31', 'YYYY-MM-DD'), parse_date('2024-03-01', 'YYYY-MM-DD')) → 61")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.DATE);
                            a.expect(1, Type.DATE);
                            return Type.INTEGER;
                        })
                        .evaluate(a -> {
                            if (infinite(a.get(0)) || infinite(a.get(1))) {
                                throw outOfRange("days_between: an infinite date");
                            }
                            return java.time.temporal.ChronoUnit.DAYS.between((LocalDate) a.get(0), (LocalDate) a.get(1));
                        })
                        .sql(a -> "CASE WHEN isfinite(" + a.arg(0) + ") AND isfinite(" + a.arg(1) + ") THEN CAST(" + a.arg(1) + " - " + a.arg(0)
                                + " AS bigint) ELSE CAST(CAST(" + a.arg(0) + " AS text) || CAST(" + a.arg(1) + " AS text) AS bigint) END")
                        .trusted(a -> "CAST(" + a.arg(1) + " - " + a.arg(0) + " AS bigint)")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + a.arg(1) + " IS NULL OR (isfinite(" + a.arg(0) + ") AND isfinite(" + a.arg(1) + ")))"), Type.DATE, Type.DATE),
                typedNulls(function("seconds_between").category("time")
                        .doc("seconds_between(a, b)", "The whole seconds elapsed from `a` to `b`, two timestamps or two timestamps with "
                                + "time zone (negative when `b` is earlier; a fraction is dropped toward zero); infinite ones are "
                                + "`DATE_OUT_OF_RANGE`.", "seconds_between(in_zone(parse_timestamp('2024-03-10 01:00', 'YYYY-MM-DD HH24:MI'), "
                                + "'America/New_York'), in_zone(parse_timestamp('2024-03-10 03:00', 'YYYY-MM-DD HH24:MI'), "
                                + "'America/New_York')) → 3600")
                        .check(a -> {
                            a.arity(2, 2);
                            Type first = a.expectOneOf(0, Type.TIMESTAMP, Type.TIMESTAMPTZ);
                            Type second = a.expectOneOf(1, Type.TIMESTAMP, Type.TIMESTAMPTZ);
                            if (first != second && first != Type.NULL && second != Type.NULL && first != Type.OTHER && second != Type.OTHER) {
                                throw new ExpressionException("INVALID_TYPE", "seconds_between takes two timestamps or two timestamps with "
                                        + "time zone, not one of each (utc or in_zone makes one the other)");
                            }
                            return Type.INTEGER;
                        })
                        .evaluate(a -> {
                            if (infinite(a.get(0)) || infinite(a.get(1))) {
                                throw outOfRange("seconds_between: an infinite timestamp");
                            }
                            java.time.Duration d = a.get(0) instanceof OffsetDateTime x ? java.time.Duration.between(x, (OffsetDateTime) a.get(1))
                                    : java.time.Duration.between((LocalDateTime) a.get(0), (LocalDateTime) a.get(1));
                            long seconds = d.getSeconds();
                            return seconds < 0 && d.getNano() > 0 ? seconds + 1 : seconds;
                        })
                        .sql(a -> "CAST(trunc(extract(epoch FROM " + a.arg(1) + ") - extract(epoch FROM " + a.arg(0) + ")) AS bigint)")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + a.arg(1) + " IS NULL OR (isfinite(" + a.arg(0) + ") AND isfinite(" + a.arg(1) + ")))"), Type.TIMESTAMP, Type.TIMESTAMP));
    }

    private static Type unixtimeCheck(FunctionDef.CheckArgs a) {
        a.arity(1, 1);
        a.expectOneOf(0, Type.INTEGER, Type.DECIMAL);
        return Type.TIMESTAMPTZ;
    }

    private static java.math.BigDecimal decimal(Object v) {
        return v instanceof Long l ? java.math.BigDecimal.valueOf(l) : (java.math.BigDecimal) v;
    }

    private static OffsetDateTime fromUnix(java.math.BigDecimal seconds, String function) {
        java.math.BigDecimal micros = seconds.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP);
        if (micros.compareTo(java.math.BigDecimal.valueOf(MIN_EPOCH).movePointRight(6)) < 0
                || micros.compareTo(java.math.BigDecimal.valueOf(MAX_EPOCH_MICROS)) > 0) {
            throw outOfRange(function + ": the instant is outside the years 1 to 9999");
        }
        long m = micros.longValueExact();
        return java.time.Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L).atOffset(ZoneOffset.UTC);
    }

    /**
     * PostgreSQL's to_timestamp takes a double, which cannot hold every microsecond of a large value: the whole
     * seconds go through it (exact below 2^53) and the fraction is added as whole microseconds.
     */
    private static String fromUnixTrusted(FunctionDef.SqlArgs a, String seconds) {
        if (seconds == null) {
            return "to_timestamp(" + clamp(a.arg(0), MIN_EPOCH, MAX_EPOCH_MICROS / 1_000_000) + ")";
        }
        return "(to_timestamp(" + clamp("trunc(" + seconds + ")", MIN_EPOCH, MAX_EPOCH_MICROS / 1_000_000) + ") + CAST(round((" + seconds + " - trunc(" + seconds + ")) * 1000000) AS integer) "
                + "* interval '1 microsecond')";
    }

    private static String fromUnixSql(FunctionDef.SqlArgs a, String seconds) {
        String bounded = seconds == null ? a.arg(0) : "round(" + seconds + ", 6)";
        return "CASE WHEN " + bounded + " " + EPOCH_RANGE + " THEN " + fromUnixTrusted(a, seconds) + " ELSE CAST(CAST(" + a.arg(0)
                + " AS text) || ' is outside the years 1 to 9999' AS timestamptz) END";
    }

    private static Type shiftCheck(FunctionDef.CheckArgs a, String function, Type... types) {
        a.arity(2, 2);
        Type t = a.expectOneOf(0, types);
        a.expect(1, Type.INTEGER);
        if (a.type(1) == Type.DECIMAL || a.type(1) == Type.FLOAT) {
            throw new ExpressionException("INVALID_TYPE", function + " takes a whole number as argument 2, not " + a.type(1));
        }
        return t == Type.NULL || t == Type.OTHER ? types[0] : t;
    }

    /** A date or time moved by days (D), months (M) or seconds (S), in the years 1 to 9999 or an error. */
    private static Object shift(String function, Object v, long n, char unit) {
        try {
            if (v instanceof OffsetDateTime t) {
                OffsetDateTime out = t.plusSeconds(n).withOffsetSameInstant(ZoneOffset.UTC);
                if (infinite(t) || out.getYear() < 1 || out.getYear() > 9999) {
                    throw outOfRange(function + ": the result is outside the years 1 to 9999");
                }
                return out;
            }
            if (infinite(v)) {
                throw outOfRange(function + ": an infinite date");
            }
            java.time.temporal.Temporal out = v instanceof LocalDate d ? (unit == 'D' ? d.plusDays(n) : d.plusMonths(n))
                    : unit == 'D' ? ((LocalDateTime) v).plusDays(n) : unit == 'M' ? ((LocalDateTime) v).plusMonths(n) : ((LocalDateTime) v).plusSeconds(n);
            int year = out.get(ChronoField.YEAR);
            if (year < 1 || year > 9999) {
                throw outOfRange(function + ": the result is outside the years 1 to 9999");
            }
            return out;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw outOfRange(function + ": the result is outside the years 1 to 9999");
        }
    }

    /**
     * A whole number held within ±{@code bound}: a no-op where the range check before it passed, but a literal out of
     * range no longer makes the planner's early folding of a constant (in a branch never taken) fail the query.
     */
    private static String clamp(String n, long bound) {
        return clamp(n, -bound, bound);
    }

    private static String clamp(String n, long low, long high) {
        return "CASE WHEN " + n + " < " + low + " THEN " + low + " WHEN " + n + " > " + high + " THEN " + high + " ELSE " + n + " END";
    }

    private static String addDays(FunctionDef.SqlArgs a) {
        String days = "CAST(" + clamp(a.arg(1), 6_000_000) + " AS integer)";
        return a.type(0) == Type.DATE ? a.arg(0) + " + " + days : a.arg(0) + " + " + days + " * interval '1 day'";
    }

    /** The plain form of a shift by seconds: its range checked first on the epoch (a number, which cannot overflow). */
    private static String shiftSql(FunctionDef.SqlArgs a, String secondsPerUnit, String shifted) {
        return "CASE WHEN extract(epoch FROM " + a.arg(0) + ") + CAST(" + a.arg(1) + " AS numeric) * " + secondsPerUnit + " " + EPOCH_RANGE
                + " THEN " + shifted + " ELSE " + shiftFailure(a) + " END";
    }

    private static String shiftFailure(FunctionDef.SqlArgs a) {
        String type = a.type(0) == Type.DATE ? "date" : a.type(0) == Type.TIMESTAMPTZ ? "timestamptz" : "timestamp";
        return "CAST('outside the years 1 to 9999: ' || CAST(" + a.arg(0) + " AS text) || CAST(" + a.arg(1) + " AS text) AS " + type + ")";
    }

    private static String shiftGuard(FunctionDef.SqlArgs a, String fits) {
        return "(" + a.arg(0) + " IS NULL OR " + a.arg(1) + " IS NULL OR " + fits + ")";
    }

    /** Whether the month a shift lands in is in the years 1 to 9999: counted on the proleptic year (1 BC is year 0). */
    private static String monthsFit(FunctionDef.SqlArgs a) {
        String year = "extract(year FROM " + a.arg(0) + ")";
        return "((" + year + " + CASE WHEN " + year + " < 0 THEN 1 ELSE 0 END) * 12 + extract(month FROM " + a.arg(0) + ") - 1 + "
                + a.arg(1) + " BETWEEN 12 AND 119999)";
    }

    private static String monthsShift(FunctionDef.SqlArgs a) {
        String shifted = a.arg(0) + " + CAST(" + clamp(a.arg(1), 200_000) + " AS integer) * interval '1 month'";
        return a.type(0) == Type.DATE ? "CAST(" + shifted + " AS date)" : "(" + shifted + ")";
    }

    /**
     * An interval as text: PostgreSQL's output in its default style ({@code 1 year 2 mons 3 days 04:05:06.5},
     * {@code -1 days +02:00:00}, {@code 00:00:00.000001}) or a MySQL TIME ({@code 838:59:59}, {@code -01:00:00}). Groups:
     * years, months, days, the time's sign, hours, minutes, seconds. Single spaces between the parts, none around them.
     * The same expression in Java and in PostgreSQL (both read it alike: no class shorthands, no dot, anchored).
     */
    static final String INTERVAL = "^(?=[-+0-9])(?:([-+]?[0-9]{1,6}) years?(?: (?=[-+0-9])|$))?(?:([-+]?[0-9]{1,7}) mons?(?: (?=[-+0-9])|$))?"
            + "(?:([-+]?[0-9]{1,7}) days?(?: (?=[-+0-9])|$))?(?:([-+]?)([0-9]{1,7}):([0-5][0-9]):([0-5][0-9](?:\\.[0-9]{1,6})?))?$";
    private static final java.util.regex.Pattern INTERVAL_PATTERN = java.util.regex.Pattern.compile(INTERVAL);

    private static List<FunctionDef> intervals() {
        return List.of(
                interval("seconds", "The total seconds of an interval held as text", "DECIMAL",
                        "seconds('1 day 02:00:00.5') → 93600.5"),
                interval("minutes", "The total minutes, truncated toward zero, of an interval held as text", "INTEGER",
                        "minutes('-00:05:59') → -5"));
    }

    private static FunctionDef interval(String name, String summary, String type, String example) {
        boolean seconds = name.equals("seconds");
        return function(name).category("time")
                .doc(name + "(s)", summary + " (" + type.toLowerCase(Locale.ROOT) + "): PostgreSQL's interval output in its default "
                        + "style (`01:30:00`, `-00:05:00`, `1 day 02:00:00`, `2 days`, `-1 days +02:00:00`, `1 year 2 mons 3 days "
                        + "04:05:06.5`, `00:00:00.000001`) or MySQL's TIME (`838:59:59`, `-01:00:00`). A month counts 30 days and "
                        + "a year 365.25, as PostgreSQL's `extract(epoch FROM interval)` does. Any other text (other interval "
                        + "styles, spaces around it, minutes or seconds past 59, more than 6 fraction digits) is "
                        + "`UNPARSEABLE_INTERVAL`.", example)
                .check(a -> {
                    a.arity(1, 1);
                    a.expect(0, Type.STRING);
                    return seconds ? Type.DECIMAL : Type.INTEGER;
                })
                .evaluate(a -> {
                    java.math.BigDecimal total = intervalSeconds(name, a.string(0));
                    if (seconds) {
                        java.math.BigDecimal stripped = total.stripTrailingZeros();
                        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
                    }
                    return total.divideToIntegralValue(java.math.BigDecimal.valueOf(60)).longValueExact();
                })
                .sql(a -> "CASE WHEN " + text(a) + " ~ '" + INTERVAL + "' THEN " + intervalSql(text(a), seconds) + " ELSE CAST('not an "
                        + "interval: ' || " + text(a) + " AS " + (seconds ? "numeric" : "bigint") + ") END")
                .trusted(a -> intervalSql(text(a), seconds))
                .guard(a -> "(" + a.arg(0) + " IS NULL OR " + text(a) + " ~ '" + INTERVAL + "')");
    }

    /**
     * The argument as text: a no-op for text, and the text Java reads of a source column of type interval or time
     * (the catalog gives them as STRING), which the source's SQL would otherwise see with its own type.
     */
    private static String text(FunctionDef.SqlArgs a) {
        return a.raw(0) instanceof Expr.Column ? "CAST(" + a.arg(0) + " AS text)" : a.arg(0);
    }

    /**
     * The seconds of an interval read from the parts of its text, the way PostgreSQL's extract(epoch) counts them
     * (whole years of the months at 365.25 days, the months left at 30), computed from the text alone: a cast to
     * interval would depend on the session's IntervalStyle (under sql_standard a leading minus applies to every field).
     */
    private static String intervalSql(String value, boolean seconds) {
        String g = "(regexp_match(" + value + ", '" + INTERVAL + "'))";
        String months = "(COALESCE(CAST(g[1] AS bigint), 0) * 12 + COALESCE(CAST(g[2] AS bigint), 0))";
        String total = "(" + months + " / 12 * 31557600 + " + months + " % 12 * 2592000 + COALESCE(CAST(g[3] AS bigint), 0) * 86400 "
                + "+ CASE WHEN g[4] = '-' THEN -1 ELSE 1 END * (COALESCE(CAST(g[5] AS bigint), 0) * 3600 + COALESCE(CAST(g[6] AS bigint), 0) * 60 "
                + "+ COALESCE(CAST(g[7] AS numeric), 0)))";
        return "(SELECT " + (seconds ? "trim_scale(" + total + ")" : "CAST(div(" + total + ", 60) AS bigint)") + " FROM (SELECT " + g
                + " AS g) AS parts WHERE g IS NOT NULL)";
    }

    private static java.math.BigDecimal intervalSeconds(String function, String text) {
        java.util.regex.Matcher m = INTERVAL_PATTERN.matcher(text);
        if (!m.matches()) {
            throw new ExpressionException("UNPARSEABLE_INTERVAL", function + ": the value is not an interval of a known style");
        }
        long months = number(m.group(1)) * 12 + number(m.group(2));
        java.math.BigDecimal time = java.math.BigDecimal.valueOf(number(m.group(5)) * 3600 + number(m.group(6)) * 60)
                .add(m.group(7) == null ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(m.group(7)));
        return java.math.BigDecimal.valueOf(months / 12 * 31557600 + months % 12 * 2592000 + number(m.group(3)) * 86400)
                .add("-".equals(m.group(4)) ? time.negate() : time);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    static final int MAX_FORMATS = 8;

    /** A MySQL "zero date", which no calendar has: read as null where a mapping asks for it. */
    static final java.util.regex.Pattern ZERO_DATE = java.util.regex.Pattern.compile(" *0000-00-00(?: 00:00:00(?:\\.0{1,6})?)? *");

    /**
     * parse_date and parse_timestamp: the value, then 1 to {@link #MAX_FORMATS} literal formats tried in order. The
     * named option {@code zero => null} (only after the formats, and only null) wraps the value in
     * {@code zero_date_null}, so a zero date is null before any format is tried.
     */
    private static FunctionDef parseFunction(String name, Type type, String sqlType) {
        boolean dateOnly = type == Type.DATE;
        return function(name).category("time")
                .option("zero", (args, value) -> {
                    if (!(value instanceof Expr.Literal l) || l.value() != null) {
                        throw invalid(name + ": zero takes null (zero => null: a zero date becomes null)");
                    }
                    if (args.isEmpty()) {
                        throw invalid(name + " takes the value and 1 to " + MAX_FORMATS + " formats");
                    }
                    List<Expr> out = new java.util.ArrayList<>(args);
                    out.set(0, new Expr.Call("zero_date_null", List.of(args.get(0))));
                    return out;
                })
                .check(a -> {
                    a.arity(2, 1 + MAX_FORMATS);
                    a.expect(0, Type.STRING);
                    for (int k = 1; k < a.size(); k++) {
                        formatter(name, a.literalString(k));
                    }
                    return type;
                })
                .evaluate(a -> {
                    String value = a.string(0);
                    for (int k = 1; k < a.size() - 1; k++) {
                        try {
                            return parse(name, value, a.literalString(k), dateOnly);
                        } catch (ExpressionException e) {
                            // not this format: the next one
                        }
                    }
                    return parse(name, value, a.literalString(a.size() - 1), dateOnly);
                })
                .sql(a -> {
                    if (a.size() == 2) {
                        return strictly(a.arg(0), a.literalString(1), sqlType, parser(a.arg(0), a.literalString(1), dateOnly));
                    }
                    return formats(a, dateOnly) + " ELSE CAST(" + a.arg(0) + " || ' does not match the formats' AS " + sqlType + ") END";
                })
                .trusted(a -> a.size() == 2 ? parser(a.arg(0), a.literalString(1), dateOnly) : formats(a, dateOnly) + " END")
                .guard(a -> {
                    StringBuilder g = new StringBuilder("(").append(a.arg(0)).append(" IS NULL");
                    for (int k = 1; k < a.size(); k++) {
                        g.append(" OR ").append(calendar(a.arg(0), a.literalString(k)));
                    }
                    return g.append(")").toString();
                });
    }

    /** Each format's calendar check choosing its parse, in order (a CASE without its end). */
    private static String formats(FunctionDef.SqlArgs a, boolean dateOnly) {
        StringBuilder out = new StringBuilder("CASE");
        for (int k = 1; k < a.size(); k++) {
            out.append(" WHEN ").append(calendar(a.arg(0), a.literalString(k))).append(" THEN ")
                    .append(parser(a.arg(0), a.literalString(k), dateOnly));
        }
        return out.toString();
    }

    private static String parser(String value, String format, boolean dateOnly) {
        return dateOnly ? "to_date(" + value + ", " + pgFormat(format) + ")"
                : "CAST(to_timestamp(" + value + ", " + pgFormat(format) + ") AS timestamp)";
    }

    /**
     * Whether {@code value} has the format's shape and names a real date and time: each field read from its place
     * (fixed places when every field has its full width, the common case, else the groups of the shape's regular
     * expression) and checked against the calendar, with no cast that could fail.
     */
    private static String calendar(String value, String format) {
        List<Character> fields = new java.util.ArrayList<>();
        StringBuilder groups = new StringBuilder("^\\s*");
        StringBuilder canonical = new StringBuilder();
        List<int[]> places = new java.util.ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            char field;
            int width;
            String group;
            if (format.startsWith("YYYY", i)) {
                field = 'Y';
                width = 4;
                group = "([0-9]{4})";
            } else if (format.startsWith("HH24", i)) {
                field = 'H';
                width = 4;
                group = "([0-9]{1,2})";
            } else if (format.startsWith("MM", i) || format.startsWith("DD", i)) {
                field = format.charAt(i);
                width = 2;
                group = "([0-9]{1,2})";
            } else if (format.startsWith("MI", i) || format.startsWith("SS", i)) {
                field = format.charAt(i) == 'M' ? 'I' : 'S';
                width = 2;
                group = "([0-9]{2})";
            } else {
                char c = format.charAt(i);
                groups.append(c == ' ' || Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
                canonical.append(format.charAt(i));
                i++;
                continue;
            }
            fields.add(field);
            places.add(new int[] {canonical.length() + 1, field == 'Y' ? 4 : 2});
            canonical.append(field == 'Y' ? "9999" : "99");
            groups.append(group);
            i += width;
        }
        groups.append("\\s*$");
        java.util.function.Function<Integer, String> fixed = k -> "CAST(substr(" + value + ", " + places.get(k)[0] + ", " + places.get(k)[1]
                + ") AS int)";
        java.util.function.Function<Integer, String> matched = k -> "CAST((regexp_match(" + value + ", '" + groups + "'))[" + (k + 1)
                + "] AS int)";
        boolean fixable = canonical.chars().noneMatch(ch -> ch != '9' && Character.isDigit(ch)) && canonical.indexOf("'") < 0;
        String exact = fullWidth(value, format);
        if (exact != null) {
            return "CASE WHEN " + exact + " THEN TRUE WHEN " + value + " ~ '" + groups + "' THEN " + dateChecks(fields, matched)
                    + " ELSE FALSE END";
        }
        return "CASE " + (fixable ? "WHEN translate(" + value + ", '0123456789', '9999999999') = '" + canonical + "' THEN "
                + dateChecks(fields, fixed) + " " : "") + "WHEN " + value + " ~ '" + groups + "' THEN " + dateChecks(fields, matched)
                + " ELSE FALSE END";
    }

    /**
     * For a format whose month and day sit side by side (with separators between them only) and that has a year: a
     * condition, true exactly when {@code value} is the format's text at full width (no spaces, every field's digits)
     * naming a real date and time, that never fails; null for other formats. Cheaper than reading the fields as numbers:
     * one {@code LIKE} for the shape, the month and day looked up among the real ones (a hashed list), the year's digits
     * checked, and only a 29 February reads the year as a number. Other text goes on to the general check.
     */
    static String fullWidth(String value, String format) {
        StringBuilder canonical = new StringBuilder();
        int year = -1;
        int month = -1;
        int day = -1;
        List<int[]> times = new java.util.ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int at = canonical.length() + 1;
            if (format.startsWith("YYYY", i)) {
                if (year > 0) {
                    return null;
                }
                year = at;
                canonical.append("YYYY");
                i += 4;
            } else if (format.startsWith("HH24", i)) {
                times.add(new int[] {at, 23});
                canonical.append("hh");
                i += 4;
            } else if (format.startsWith("MM", i) || format.startsWith("DD", i)) {
                if ((format.charAt(i) == 'M' ? month : day) > 0) {
                    return null;
                }
                if (format.charAt(i) == 'M') {
                    month = at;
                    canonical.append("MM");
                } else {
                    day = at;
                    canonical.append("DD");
                }
                i += 2;
            } else if (format.startsWith("MI", i) || format.startsWith("SS", i)) {
                times.add(new int[] {at, 59});
                canonical.append("mm");
                i += 2;
            } else {
                char c = format.charAt(i);
                if (Character.isLetterOrDigit(c) || c == '\'' || c == '\\' || c == '_' || c == '%') {
                    return null;
                }
                canonical.append(c);
                i++;
            }
        }
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        int from = Math.min(month, day);
        int to = Math.max(month, day) + 1;
        String span = canonical.substring(from - 1, to);
        if (span.chars().anyMatch(ch -> Character.isLetter(ch) && ch != 'M' && ch != 'D')) {
            return null;  // another field between the month and the day
        }
        String like = canonical.toString().replaceAll("[A-Za-z]", "_");
        String c = "(" + value + " COLLATE \"C\")";
        String yearText = "substr(" + c + ", " + year + ", 4)";
        List<String> shape = new java.util.ArrayList<>(List.of(c + " LIKE '" + like + "'", "btrim(" + yearText + ", '0123456789') = ''",
                yearText + " <> '0000'"));
        for (int[] t : times) {
            StringBuilder allowed = new StringBuilder();
            for (int n = 0; n <= t[1]; n++) {
                allowed.append(n == 0 ? "" : ", ").append(String.format("'%02d'", n));
            }
            shape.add("substr(" + c + ", " + t[0] + ", 2) IN (" + allowed + ")");
        }
        StringBuilder days = new StringBuilder();
        for (int m = 1; m <= 12; m++) {
            int last = m == 2 ? 28 : m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
            for (int d = 1; d <= last; d++) {
                days.append(days.length() == 0 ? "" : ", ").append("'").append(render(span, m, d)).append("'");
            }
        }
        String monthDay = "substr(" + c + ", " + from + ", " + span.length() + ")";
        String y = "CAST(" + yearText + " AS int)";
        return "CASE WHEN " + String.join(" AND ", shape) + " THEN CASE WHEN " + monthDay + " IN (" + days + ") THEN TRUE WHEN " + monthDay
                + " = '" + render(span, 2, 29) + "' THEN " + y + " % 4 = 0 AND (" + y + " % 100 <> 0 OR " + y + " % 400 = 0) ELSE FALSE END"
                + " ELSE FALSE END";
    }

    private static String render(String span, int month, int day) {
        return span.replace("MM", String.format("%02d", month)).replace("DD", String.format("%02d", day));
    }

    private static String dateChecks(List<Character> fields, java.util.function.Function<Integer, String> part) {
        String y = fields.contains('Y') ? part.apply(fields.indexOf('Y')) : "1";
        String m = fields.contains('M') ? part.apply(fields.indexOf('M')) : "1";
        String d = fields.contains('D') ? part.apply(fields.indexOf('D')) : "1";
        List<String> checks = new java.util.ArrayList<>();
        checks.add(y + " >= 1");
        // A simple CASE computes the month once; the year is read again only in February.
        StringBuilder day = new StringBuilder("CASE ").append(m);
        for (int month = 1; month <= 12; month++) {
            day.append(" WHEN ").append(month).append(" THEN ").append(d).append(" BETWEEN 1 AND ");
            if (month == 2) {
                day.append("CASE WHEN ").append(y).append(" % 4 = 0 AND (").append(y).append(" % 100 <> 0 OR ").append(y)
                        .append(" % 400 = 0) THEN 29 ELSE 28 END");
            } else {
                day.append(month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31);
            }
        }
        checks.add(day.append(" ELSE FALSE END").toString());
        if (fields.contains('H')) {
            checks.add(part.apply(fields.indexOf('H')) + " <= 23");
        }
        if (fields.contains('I')) {
            checks.add(part.apply(fields.indexOf('I')) + " <= 59");
        }
        if (fields.contains('S')) {
            checks.add(part.apply(fields.indexOf('S')) + " <= 59");
        }
        return "(" + String.join(" AND ", checks) + ")";
    }

    /** The format as PostgreSQL's to_date reads it: a literal T quoted (unquoted, it would read as the TH suffix). */
    private static String pgFormat(String format) {
        return "'" + format.replace("T", "\"T\"") + "'";
    }

    /**
     * PostgreSQL's to_date and to_timestamp accept partial input ('12' becomes 0001-12-01). Only text of the
     * format's exact shape reaches them; anything else fails, like the Java evaluation, through a cast that cannot
     * succeed (not a constant, so the planner does not fold it early).
     */
    private static String strictly(String value, String format, String type, String parse) {
        StringBuilder shape = new StringBuilder("^\\s*");
        int i = 0;
        int year = -1;
        int at = 1;
        while (i < format.length()) {
            if (format.startsWith("YYYY", i)) {
                // Year 0000 is no year (a "zero date"); PostgreSQL would read it as 1 AD.
                shape.append("(?!0000)[0-9]{4}");
                year = at;
                at += 4;
                i += 4;
            } else if (format.startsWith("HH24", i)) {
                shape.append("[0-9]{1,2}");
                at += 2;
                i += 4;
            } else if (format.startsWith("MM", i) || format.startsWith("DD", i)) {
                shape.append("[0-9]{1,2}");
                at += 2;
                i += 2;
            } else if (format.startsWith("MI", i) || format.startsWith("SS", i)) {
                shape.append("[0-9]{2}");
                at += 2;
                i += 2;
            } else {
                char c = format.charAt(i);
                if (!Character.isLetterOrDigit(c)) {
                    shape.append('\\');
                }
                shape.append(c);
                at++;
                i++;
            }
        }
        shape.append("\\s*$");
        // The common case first, without a regular expression: every field at full width, digits only. (translate is
        // several times cheaper than the regex; the pattern it accepts is a subset of the regex's.)
        String canonical = format.replace("YYYY", "9999").replace("HH24", "99").replace("MM", "99").replace("DD", "99")
                .replace("MI", "99").replace("SS", "99");
        String exact = fullWidth(value, format);
        String fast = exact != null ? exact + " OR " : canonical.chars().anyMatch(ch -> ch != '9' && Character.isDigit(ch)) || canonical.contains("'") ? ""
                : "(translate(" + value + ", '0123456789', '9999999999') = '" + canonical + "'"
                + (year > 0 ? " AND substr(" + value + ", " + year + ", 4) <> '0000'" : "") + ") OR ";
        return "CASE WHEN " + fast + value + " ~ '" + shape.toString().replace("\\ ", " ") + "' THEN " + parse + " ELSE CAST("
                + value + " || ' does not match the format' AS " + type + ") END";
    }

    private static Object parse(String function, String value, String format, boolean dateOnly) {
        if (dateOnly && datePlan(format) instanceof String plan) {
            return parseDate(function, value.trim(), format, plan);
        }
        try {
            DateTimeFormatter f = formatter(function, format);
            Object parsed = dateOnly ? LocalDate.parse(value.trim(), f) : LocalDateTime.parse(value.trim(), f);
            if ((parsed instanceof LocalDate d ? d.getYear() : ((LocalDateTime) parsed).getYear()) == 0) {
                throw unparseableDate(function, format);  // year 0000: a zero date, not a year
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new ExpressionException("UNPARSEABLE_DATE", function + ": the value does not match " + format);
        }
    }

    /**
     * Date formats made of YYYY, MM and DD each once, separated by / - . or a space, are read by hand: the same rules as
     * the formatter (four-digit year, one or two digits for month and day, strict calendar), several times faster on
     * a column of a million dates. The plan holds Y, M, D for the fields and the separators themselves.
     */
    private static final java.util.Map<String, Object> DATE_PLANS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Object NO_PLAN = new Object();

    private static Object datePlan(String format) {
        Object plan = DATE_PLANS.get(format);
        if (plan == null) {
            plan = buildDatePlan(format);
            if (DATE_PLANS.size() < 1_000) {
                DATE_PLANS.put(format, plan);
            }
        }
        return plan;
    }

    private static Object buildDatePlan(String format) {
        StringBuilder plan = new StringBuilder();
        int i = 0;
        boolean afterField = false;
        while (i < format.length()) {
            char field = format.startsWith("YYYY", i) ? 'Y' : format.startsWith("MM", i) ? 'M' : format.startsWith("DD", i) ? 'D' : 0;
            if (field != 0) {
                if (afterField || plan.indexOf(String.valueOf(field)) >= 0) {
                    return NO_PLAN;  // adjacent fields or a repeated one: the formatter decides
                }
                plan.append(field);
                i += field == 'Y' ? 4 : 2;
                afterField = true;
            } else if ("/-. ".indexOf(format.charAt(i)) >= 0) {
                plan.append(format.charAt(i));
                i++;
                afterField = false;
            } else {
                return NO_PLAN;
            }
        }
        return plan.indexOf("Y") >= 0 && plan.indexOf("M") >= 0 && plan.indexOf("D") >= 0 ? plan.toString() : NO_PLAN;
    }

    private static LocalDate parseDate(String function, String value, String format, String plan) {
        int pos = 0;
        int year = 0;
        int month = 0;
        int day = 0;
        for (int k = 0; k < plan.length(); k++) {
            char c = plan.charAt(k);
            if (c == 'Y' || c == 'M' || c == 'D') {
                int max = c == 'Y' ? 4 : 2;
                int n = 0;
                int digits = 0;
                while (digits < max && pos < value.length() && value.charAt(pos) >= '0' && value.charAt(pos) <= '9') {
                    n = n * 10 + (value.charAt(pos) - '0');
                    pos++;
                    digits++;
                }
                if (digits == 0 || (c == 'Y' && digits != 4)) {
                    throw unparseableDate(function, format);
                }
                if (c == 'Y') {
                    year = n;
                } else if (c == 'M') {
                    month = n;
                } else {
                    day = n;
                }
            } else if (pos < value.length() && value.charAt(pos) == c) {
                pos++;
            } else {
                throw unparseableDate(function, format);
            }
        }
        if (pos != value.length() || year == 0) {
            throw unparseableDate(function, format);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            throw unparseableDate(function, format);
        }
    }

    private static ExpressionException unparseableDate(String function, String format) {
        return new ExpressionException("UNPARSEABLE_DATE", function + ": the value does not match " + format);
    }

    /** Formatters are immutable and a mapping uses few formats: each is built once. */
    private static final java.util.Map<String, DateTimeFormatter> FORMATTERS = new java.util.concurrent.ConcurrentHashMap<>();

    static DateTimeFormatter formatter(String function, String format) {
        DateTimeFormatter cached = FORMATTERS.get(function + "|" + format);
        if (cached != null) {
            return cached;
        }
        DateTimeFormatter built = buildFormatter(function, format);
        if (FORMATTERS.size() < 1_000) {
            FORMATTERS.put(function + "|" + format, built);
        }
        return built;
    }

    private static DateTimeFormatter buildFormatter(String function, String format) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        int i = 0;
        boolean hasTime = false;
        while (i < format.length()) {
            if (format.startsWith("YYYY", i)) {
                b.appendValue(ChronoField.YEAR, 4);
                i += 4;
            } else if (format.startsWith("MM", i)) {
                b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                i += 2;
            } else if (format.startsWith("DD", i)) {
                b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                i += 2;
            } else if (format.startsWith("HH24", i)) {
                b.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                hasTime = true;
                i += 4;
            } else if (format.startsWith("MI", i)) {
                b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                i += 2;
            } else if (format.startsWith("SS", i)) {
                b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                i += 2;
            } else if ("/-.: T".indexOf(format.charAt(i)) >= 0) {
                b.appendLiteral(format.charAt(i));
                i++;
            } else {
                throw invalid(function + " format supports YYYY, MM, DD, HH24, MI, SS and / - . : space T");
            }
        }
        if (!hasTime) {
            b.parseDefaulting(ChronoField.HOUR_OF_DAY, 0);
        }
        return b.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT).withChronology(java.time.chrono.IsoChronology.INSTANCE);
    }

    /** A time zone named as the IANA database names it ({@code America/New_York}); offsets and abbreviations are refused. */
    static java.time.ZoneId zone(String function, String name) {
        if (!name.matches("[A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2}") && !name.equals("UTC")) {
            throw invalid(function + " needs a time zone by its region name, such as 'America/New_York'");
        }
        try {
            return java.time.ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            throw invalid(function + ": unknown time zone " + name);
        }
    }}
