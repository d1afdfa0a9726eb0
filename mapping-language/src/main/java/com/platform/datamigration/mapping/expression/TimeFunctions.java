package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;
import static com.platform.datamigration.mapping.expression.Functions.invalid;

import java.time.LocalDate;
import java.time.LocalDateTime;
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
        return List.of(
                function("parse_date").category("time")
                        .doc("parse_date(s, 'MM/DD/YYYY')", "Text read as a date by a format of YYYY, MM, DD and the separators / - . "
                                + "and space (a month or day of one digit is accepted); surrounding spaces are ignored. An impossible "
                                + "or malformed date, or year 0000, is `UNPARSEABLE_DATE`: the row goes to quarantine.",
                                "parse_date('02/29/2024', 'MM/DD/YYYY') → 2024-02-29")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.STRING);
                            formatter("parse_date", a.literalString(1));
                            return Type.DATE;
                        })
                        .evaluate(a -> parse("parse_date", a.string(0), a.literalString(1), true))
                        .sql(a -> strictly(a.arg(0), a.literalString(1), "date", "to_date(" + a.arg(0) + ", " + pgFormat(a.literalString(1)) + ")"))
                        .trusted(a -> "to_date(" + a.arg(0) + ", " + pgFormat(a.literalString(1)) + ")")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + calendar(a.arg(0), a.literalString(1)) + ")"),
                function("parse_timestamp").category("time")
                        .doc("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')", "Text read as a timestamp without time zone by a format "
                                + "of YYYY, MM, DD, HH24, MI, SS and the separators / - . : space T. A malformed or impossible value is "
                                + "`UNPARSEABLE_DATE`.", "parse_timestamp('2024-03-10 02:30:00', 'YYYY-MM-DD HH24:MI:SS') → 2024-03-10T02:30")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.STRING);
                            formatter("parse_timestamp", a.literalString(1));
                            return Type.TIMESTAMP;
                        })
                        .evaluate(a -> parse("parse_timestamp", a.string(0), a.literalString(1), false))
                        .sql(a -> strictly(a.arg(0), a.literalString(1), "timestamp", "CAST(to_timestamp(" + a.arg(0) + ", "
                                + pgFormat(a.literalString(1)) + ") AS timestamp)"))
                        .trusted(a -> "CAST(to_timestamp(" + a.arg(0) + ", " + pgFormat(a.literalString(1)) + ") AS timestamp)")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + calendar(a.arg(0), a.literalString(1)) + ")"),
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
                        .sql(a -> "(" + a.arg(0) + " AT TIME ZONE " + a.arg(1) + ")"));
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
        return "CASE " + (fixable ? "WHEN translate(" + value + ", '0123456789', '9999999999') = '" + canonical + "' THEN "
                + dateChecks(fields, fixed) + " " : "") + "WHEN " + value + " ~ '" + groups + "' THEN " + dateChecks(fields, matched)
                + " ELSE FALSE END";
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
        String fast = canonical.chars().anyMatch(ch -> ch != '9' && Character.isDigit(ch)) || canonical.contains("'") ? ""
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
