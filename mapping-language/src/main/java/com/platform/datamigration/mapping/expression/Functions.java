package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.stream.Collectors;

/**
 * The functions of the language: for each, its types, its Java evaluation and its PostgreSQL form, which must
 * agree value for value (a property test checks it). Null handling, per function:
 * <ul>
 *   <li>{@code trim(s)}, {@code upper(s)}, {@code lower(s)}, {@code substring(s, start, length)}: null in, null out.
 *       {@code trim} removes spaces only, as SQL's {@code btrim}.</li>
 *   <li>{@code concat(a, b, …)}: strings; a null argument counts as empty; never null.</li>
 *   <li>{@code coalesce(a, b, …)}: the first argument that is not null (use it for defaults).</li>
 *   <li>{@code parse_date(s, 'MM/DD/YYYY')}, {@code parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')}: format tokens
 *       YYYY, MM, DD, HH24, MI, SS; null in, null out; an impossible or malformed value is an error
 *       ({@code UNPARSEABLE_DATE}): the row goes to quarantine.</li>
 *   <li>{@code to_decimal(s, precision, scale)}: rounds half away from zero; too many integer digits is
 *       {@code NUMBER_OVERFLOW}, text that is not a number {@code UNPARSEABLE_NUMBER}; null in, null out.</li>
 *   <li>{@code to_integer(s)}: whole numbers only ({@code UNPARSEABLE_NUMBER} otherwise); null in, null out.</li>
 *   <li>{@code utc(ts)}: a timestamp without time zone read as UTC; null in, null out.</li>
 *   <li>{@code in_zone(ts, 'America/New_York')}: a timestamp without time zone read as local time of a named zone; a
 *       time in a DST gap moves forward by the gap (02:30 on a spring-forward day is 03:30), a time in an overlap takes
 *       the later, standard-time offset (01:30 on a fall-back day is 01:30 EST); null in, null out.</li>
 *   <li>{@code to_text(x)}: an integer, decimal, date, boolean, uuid or text as text, written as PostgreSQL writes it
 *       ({@code 2024-01-31}, {@code true}, {@code 12.50}); null in, null out. For keys built from numbers, e.g.
 *       {@code concat('P-', to_text(patient_id))}.</li>
 * </ul>
 */
final class Functions {

    private Functions() {
    }

    static Type check(String function, List<Type> args, List<Expr> raw) {
        return switch (function) {
            case "trim", "upper", "lower" -> {
                arity(function, args, 1, 1);
                expect(function, args.get(0), Type.STRING);
                yield Type.STRING;
            }
            case "concat" -> {
                arity(function, args, 1, 32);
                args.forEach(a -> expect(function, a, Type.STRING));
                yield Type.STRING;
            }
            case "substring" -> {
                arity(function, args, 3, 3);
                expect(function, args.get(0), Type.STRING);
                expect(function, args.get(1), Type.INTEGER);
                expect(function, args.get(2), Type.INTEGER);
                yield Type.STRING;
            }
            case "coalesce" -> {
                arity(function, args, 1, 32);
                Type common = args.stream().filter(t -> t != Type.NULL).findFirst().orElse(Type.NULL);
                args.forEach(a -> expect(function, a, common));
                yield common;
            }
            case "parse_date", "parse_timestamp" -> {
                arity(function, args, 2, 2);
                expect(function, args.get(0), Type.STRING);
                formatter(function, literalString(function, raw.get(1)));
                yield "parse_date".equals(function) ? Type.DATE : Type.TIMESTAMP;
            }
            case "to_decimal" -> {
                arity(function, args, 3, 3);
                if (args.get(0) != Type.STRING && !args.get(0).numeric() && args.get(0) != Type.NULL) {
                    throw invalid(function + " takes text or a number");
                }
                long precision = literalLong(function, raw.get(1));
                long scale = literalLong(function, raw.get(2));
                if (precision < 1 || precision > 1000 || scale < 0 || scale > precision) {
                    throw invalid(function + " needs 1 <= precision <= 1000 and 0 <= scale <= precision");
                }
                yield Type.DECIMAL;
            }
            case "to_integer" -> {
                arity(function, args, 1, 1);
                expect(function, args.get(0), Type.STRING);
                yield Type.INTEGER;
            }
            case "to_text" -> {
                arity(function, args, 1, 1);
                Type t = args.get(0);
                if (!(t == Type.INTEGER || t == Type.DECIMAL || t == Type.STRING || t == Type.DATE || t == Type.BOOLEAN
                        || t == Type.UUID || t == Type.NULL)) {
                    throw new ExpressionException("INVALID_TYPE", "to_text takes an integer, decimal, date, boolean, uuid or text, not "
                            + t.name().toLowerCase(Locale.ROOT));
                }
                yield Type.STRING;
            }
            case "utc" -> {
                arity(function, args, 1, 1);
                expect(function, args.get(0), Type.TIMESTAMP);
                yield Type.TIMESTAMPTZ;
            }
            case "in_zone" -> {
                arity(function, args, 2, 2);
                expect(function, args.get(0), Type.TIMESTAMP);
                zone(function, literalString(function, raw.get(1)));
                yield Type.TIMESTAMPTZ;
            }
            default -> throw new ExpressionException("INVALID_FUNCTION", "unknown function " + function
                    + " (available: trim, upper, lower, concat, substring, coalesce, parse_date, parse_timestamp, to_decimal, "
                    + "to_integer, to_text, utc, in_zone, map)");
        };
    }

    static Object evaluate(String function, List<Object> v, List<Expr> raw) {
        switch (function) {
            case "concat":
                return v.stream().map(x -> x == null ? "" : (String) x).collect(Collectors.joining());
            case "coalesce":
                return v.stream().filter(x -> x != null).findFirst().orElse(null);
            default:
                break;
        }
        if (v.get(0) == null) {
            return null;
        }
        return switch (function) {
            case "trim" -> trimSpaces((String) v.get(0));
            case "upper" -> ((String) v.get(0)).toUpperCase(Locale.ROOT);
            case "lower" -> ((String) v.get(0)).toLowerCase(Locale.ROOT);
            case "substring" -> substring((String) v.get(0), (Long) v.get(1), (Long) v.get(2));
            case "parse_date" -> parse(function, (String) v.get(0), literalString(function, raw.get(1)), true);
            case "parse_timestamp" -> parse(function, (String) v.get(0), literalString(function, raw.get(1)), false);
            case "to_decimal" -> toDecimal(v.get(0), (int) literalLong(function, raw.get(1)), (int) literalLong(function, raw.get(2)));
            case "to_integer" -> toInteger((String) v.get(0));
            case "utc" -> ((LocalDateTime) v.get(0)).atOffset(ZoneOffset.UTC);
            // In a DST gap the clock moves forward by the gap; in an overlap the later (standard time) offset is taken,
            // as PostgreSQL's AT TIME ZONE does.
            case "in_zone" -> ((LocalDateTime) v.get(0)).atZone(zone(function, literalString(function, raw.get(1)))).withLaterOffsetAtOverlap()
                    .toOffsetDateTime();
            case "to_text" -> v.get(0) instanceof BigDecimal d ? d.toPlainString() : v.get(0).toString();
            default -> throw new IllegalStateException(function);
        };
    }

    static String sql(String function, List<String> args, List<Type> types, List<Expr> raw) {
        return sql(function, args, types, raw, false);
    }

    /** With {@code trusted}, for rows the function's guard holds for: the shape checks it made are left out. */
    static String sql(String function, List<String> args, List<Type> types, List<Expr> raw, boolean trusted) {
        if (trusted) {
            switch (function) {
                case "parse_date":
                    return "to_date(" + args.get(0) + ", " + pgFormat(literalString(function, raw.get(1))) + ")";
                case "parse_timestamp":
                    return "CAST(to_timestamp(" + args.get(0) + ", " + pgFormat(literalString(function, raw.get(1))) + ") AS timestamp)";
                case "to_decimal":
                    return "CAST(" + args.get(0) + " AS numeric(" + literalLong(function, raw.get(1)) + "," + literalLong(function, raw.get(2))
                            + "))";
                case "to_integer":
                    return "CAST(" + args.get(0) + " AS bigint)";
                default:
                    break;
            }
        }
        return switch (function) {
            case "trim" -> "btrim(" + args.get(0) + ")";
            case "upper", "lower", "concat", "coalesce" -> function + "(" + String.join(", ", args) + ")";
            case "substring" -> "substr(" + args.get(0) + ", " + int32(args.get(1), raw.get(1)) + ", " + int32(args.get(2), raw.get(2)) + ")";
            case "parse_date" -> strictly(args.get(0), literalString(function, raw.get(1)), "date",
                    "to_date(" + args.get(0) + ", " + pgFormat(literalString(function, raw.get(1))) + ")");
            case "parse_timestamp" -> strictly(args.get(0), literalString(function, raw.get(1)), "timestamp",
                    "CAST(to_timestamp(" + args.get(0) + ", " + pgFormat(literalString(function, raw.get(1))) + ") AS timestamp)");
            case "to_decimal" -> {
                String type = "numeric(" + literalLong(function, raw.get(1)) + "," + literalLong(function, raw.get(2)) + ")";
                yield types.get(0) == Type.STRING ? numberText(args.get(0), "+-.eE", type) : "CAST(" + args.get(0) + " AS " + type + ")";
            }
            case "to_integer" -> numberText(args.get(0), "+-", "bigint");
            case "to_text" -> "CAST(" + args.get(0) + " AS text)";
            case "utc" -> "(" + args.get(0) + " AT TIME ZONE 'UTC')";
            case "in_zone" -> "(" + args.get(0) + " AT TIME ZONE " + args.get(1) + ")";
            default -> throw new IllegalStateException(function);
        };
    }

    /** The PostgreSQL type a function's SQL form casts its value to (and so checks it against), or null. */
    static String sqlType(String function, List<Expr> raw) {
        return switch (function) {
            case "to_decimal" -> "numeric(" + literalLong(function, raw.get(1)) + "," + literalLong(function, raw.get(2)) + ")";
            case "to_integer" -> "bigint";
            default -> null;
        };
    }

    /** The conjunction of conditions, null ones (always true) left out; null when none is left. */
    static String all(List<String> conditions) {
        List<String> present = conditions.stream().filter(c -> c != null).toList();
        return present.isEmpty() ? null : present.size() == 1 ? present.get(0) : "(" + String.join(" AND ", present) + ")";
    }

    // PostgreSQL's numeric and integer input skip these around the digits (isspace), as Java's trim does.
    private static final String SPACE = "[ \\t\\n\\r\\f\\v]*";

    /**
     * A condition that is true when the function's SQL form, over arguments that can themselves be computed, raises no
     * error, and that never raises one itself; null when the function never fails. CASE orders the steps: PostgreSQL
     * does not promise to evaluate AND's operands in order.
     */
    static String guard(String function, List<String> args, List<Type> types, List<Expr> raw) {
        return switch (function) {
            case "substring" -> "(" + args.get(0) + " IS NULL OR " + args.get(2) + " IS NULL OR " + args.get(2) + " >= 0)";
            case "parse_date", "parse_timestamp" -> "(" + args.get(0) + " IS NULL OR " + calendar(args.get(0), literalString(function, raw.get(1)))
                    + ")";
            case "to_integer" -> "CASE WHEN " + args.get(0) + " IS NULL THEN TRUE WHEN " + args.get(0) + " ~ '^" + SPACE + "[+-]?0*[0-9]{1,18}"
                    + SPACE + "$' THEN TRUE WHEN " + args.get(0) + " ~ '^" + SPACE + "[+-]?0*[0-9]{19}" + SPACE + "$' THEN CAST(" + args.get(0)
                    + " AS numeric) BETWEEN -9223372036854775808 AND 9223372036854775807 ELSE FALSE END";
            case "to_decimal" -> {
                String limit = "1e" + (literalLong(function, raw.get(1)) - literalLong(function, raw.get(2)));
                String fits = "abs(round(CAST(" + args.get(0) + " AS numeric), " + literalLong(function, raw.get(2)) + ")) < " + limit;
                if (types.get(0) == Type.STRING) {
                    // The common case without a regular expression: digits with at most one point, few enough integer
                    // digits that rounding cannot overflow.
                    long room = literalLong(function, raw.get(1)) - literalLong(function, raw.get(2)) - 1;
                    String digitsOnly = "translate(" + args.get(0) + ", '0123456789', '')";
                    String plain = room < 1 ? "" : " WHEN " + digitsOnly + " = '' AND length(" + args.get(0) + ") BETWEEN 1 AND " + room
                            + " THEN TRUE WHEN " + digitsOnly + " = '.' AND length(" + args.get(0) + ") > 1 AND strpos(" + args.get(0)
                            + ", '.') <= " + (room + 1) + " THEN TRUE";
                    yield "CASE WHEN " + args.get(0) + " IS NULL THEN TRUE" + plain + " WHEN " + args.get(0) + " ~ '^" + SPACE
                            + "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?" + SPACE + "$' THEN " + fits + " ELSE FALSE END";
                }
                // A float may be NaN or infinite: neither lies strictly between the limits (NaN sorts above every number).
                yield "CASE WHEN " + args.get(0) + " IS NULL THEN TRUE WHEN " + args.get(0) + " > -" + limit + " AND " + args.get(0) + " < "
                        + limit + " THEN " + fits + " ELSE FALSE END";
            }
            default -> null;
        };
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

    /**
     * Text read as a number only when it is made of digits, {@code signs} and spaces alone, as Java reads numbers:
     * PostgreSQL would also take {@code NaN}, {@code Infinity} and (from version 16) {@code 1_000} or {@code 0x1A}.
     * Anything else fails through a cast that cannot succeed.
     */
    private static String numberText(String value, String signs, String type) {
        return "CASE WHEN translate(" + value + ", E'0123456789" + signs + " \\t\\n\\r\\f\\v', '') = '' THEN CAST(" + value + " AS " + type
                + ") ELSE CAST(" + value + " || ' is not a number' AS " + type + ") END";
    }

    /** An argument PostgreSQL's substr takes as int: a computed whole number is clamped into its range. */
    private static String int32(String sql, Expr raw) {
        return raw instanceof Expr.Literal ? sql : "CAST(LEAST(GREATEST(" + sql + ", -2147483648), 2147483647) AS int)";
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

    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    /** SQL's substr: 1-based; a start before 1 eats into the length. */
    private static String substring(String s, Long start, Long length) {
        if (start == null || length == null) {
            return null;
        }
        if (length < 0) {
            throw new ExpressionException("INVALID_SUBSTRING", "substring length must not be negative");
        }
        long from = Math.max(start, 1);
        long last = start + length;
        if (((start ^ last) & (length ^ last)) < 0) {
            last = Long.MAX_VALUE;  // past any text (a negative length was refused above)
        }
        long to = Math.min(last, (long) s.codePointCount(0, s.length()) + 1);
        if (to <= from) {
            return "";
        }
        int begin = s.offsetByCodePoints(0, (int) from - 1);
        int end = s.offsetByCodePoints(0, (int) to - 1);
        return s.substring(begin, end);
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

    private static DateTimeFormatter formatter(String function, String format) {
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

    private static BigDecimal toDecimal(Object value, int precision, int scale) {
        BigDecimal d;
        if (value instanceof BigDecimal b) {
            d = b;
        } else if (value instanceof Long l) {
            d = BigDecimal.valueOf(l);
        } else if (value instanceof Double x) {
            d = BigDecimal.valueOf(x);
        } else {
            try {
                d = new BigDecimal(((String) value).trim());
            } catch (NumberFormatException e) {
                throw new ExpressionException("UNPARSEABLE_NUMBER", "to_decimal: the value is not a number");
            }
        }
        BigDecimal rounded = d.setScale(scale, RoundingMode.HALF_UP);
        if (rounded.precision() - rounded.scale() > precision - scale) {
            throw new ExpressionException("NUMBER_OVERFLOW", "to_decimal: more than " + (precision - scale) + " integer digits");
        }
        return rounded;
    }

    private static Long toInteger(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ExpressionException("UNPARSEABLE_NUMBER", "to_integer: the value is not a whole number");
        }
    }

    /** A time zone named as the IANA database names it ({@code America/New_York}); offsets and abbreviations are refused. */
    private static java.time.ZoneId zone(String function, String name) {
        if (!name.matches("[A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2}") && !name.equals("UTC")) {
            throw invalid(function + " needs a time zone by its region name, such as 'America/New_York'");
        }
        try {
            return java.time.ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            throw invalid(function + ": unknown time zone " + name);
        }
    }

    private static void arity(String function, List<Type> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw invalid(function + " takes " + (min == max ? min : min + " to " + max) + " arguments");
        }
    }

    private static void expect(String function, Type actual, Type expected) {
        if (!actual.fits(expected) && actual != Type.OTHER) {
            throw new ExpressionException("INVALID_TYPE", function + " expects " + expected + " but got " + actual);
        }
    }

    private static String literalString(String function, Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof String s) {
            return s;
        }
        throw invalid(function + " needs a literal format string");
    }

    private static long literalLong(String function, Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof Long n) {
            return n;
        }
        throw invalid(function + " needs literal whole numbers for precision and scale");
    }

    private static ExpressionException invalid(String message) {
        return new ExpressionException("INVALID_ARGUMENTS", message);
    }
}
