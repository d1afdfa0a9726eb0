package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Text: trimming, case, concatenation, substrings and values written as text. */
final class TextFunctions {

    private TextFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("trim").category("text")
                        .doc("trim(s)", "Removes the spaces (only spaces, as SQL's btrim) at both ends.", "trim('  Ada ') → 'Ada'")
                        .check(a -> oneString(a))
                        .evaluate(a -> trimSpaces(a.string(0)))
                        .sql(a -> "btrim(" + a.arg(0) + ")"),
                function("upper").category("text")
                        .doc("upper(s)", "Upper case, character by character as PostgreSQL does (a ß stays ß).", "upper('straße') → 'STRAßE'")
                        .check(a -> oneString(a))
                        .evaluate(a -> a.string(0).codePoints().map(Character::toUpperCase)
                                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                        .sql(a -> "upper(" + a.arg(0) + ")"),
                function("lower").category("text")
                        .doc("lower(s)", "Lower case, character by character as PostgreSQL does.", "lower('ÀDA') → 'àda'")
                        .check(a -> oneString(a))
                        .evaluate(a -> a.string(0).codePoints().map(Character::toLowerCase)
                                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                        .sql(a -> "lower(" + a.arg(0) + ")"),
                function("concat").category("text").lazy()
                        .doc("concat(a, b, …)", "The values one after another (1 to 32 of them), each as `to_text` writes it.", "concat('P-', 42) → 'P-42'")
                        .nulls("a null argument counts as empty; never null")
                        .check(a -> {
                            a.arity(1, 32);
                            for (int i = 0; i < a.size(); i++) {
                                textable("concat", a.type(i), i);
                            }
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            StringBuilder out = new StringBuilder();
                            for (int i = 0; i < a.size(); i++) {
                                if (a.get(i) != null) {
                                    out.append(text(a.get(i)));
                                }
                            }
                            return out.toString();
                        })
                        .sql(a -> "concat(" + java.util.stream.IntStream.range(0, a.size()).mapToObj(i -> textSql(a.type(i), a.arg(i)))
                                .collect(Collectors.joining(", ")) + ")")
                        .composedGuard(a -> Functions.all(java.util.stream.IntStream.range(0, a.size()).mapToObj(a::guard).toList()))
                        .neverNull(args -> true),
                function("substring").category("text")
                        .doc("substring(s, start, length)", "`length` characters from the 1-based `start`, as SQL's substr: a start "
                                + "before 1 eats into the length. A negative length is `INVALID_SUBSTRING`.", "substring('ABCDEF', 2, 3) → 'BCD'")
                        .check(a -> {
                            a.arity(3, 3);
                            a.expect(0, Type.STRING);
                            a.expect(1, Type.INTEGER);
                            a.expect(2, Type.INTEGER);
                            return Type.STRING;
                        })
                        .evaluate(a -> substring(a.string(0), a.integer(1), a.integer(2)))
                        .sql(a -> "substr(" + a.arg(0) + ", " + int32(a.arg(1), a.raw(1)) + ", " + int32(a.arg(2), a.raw(2)) + ")")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + a.arg(2) + " IS NULL OR " + a.arg(2) + " >= 0)"),
                function("to_text").category("text")
                        .doc("to_text(x)", "A value as text, written as PostgreSQL writes it in a session whose time zone is UTC and "
                                + "date style ISO (as a run's source sessions are): `42`, `12.50`, `true`, `2024-01-31`, "
                                + "`2024-01-31 08:30:00.5`, a timestamp with time zone in UTC as `2024-01-31 08:30:00+00`, a year before 1 "
                                + "as `0044-03-15 BC`; a float in the shortest form that reads back the same (`0.1`, `1e+20`, "
                                + "`1.5e-05`, `NaN`, `Infinity`, `-0`); a uuid in lower case. Text stays as it is.", "to_text(12.50) → '12.50'")
                        .check(a -> {
                            a.arity(1, 1);
                            textable("to_text", a.type(0), 0);
                            return Type.STRING;
                        })
                        .evaluate(a -> text(a.get(0)))
                        .sql(a -> a.type(0) == Type.NULL ? "CAST(NULL AS text)" : textSql(a.type(0), a.arg(0))),
                function("||").category("text")
                        .doc("a || b", "The two values one after the other, each as `to_text` writes it.", "'P-' || 42 → 'P-42'")
                        .nulls("null when either is null (unlike concat)")
                        .check(a -> {
                            a.arity(2, 2);
                            textable("||", a.type(0), 0);
                            textable("||", a.type(1), 1);
                            return Type.STRING;
                        })
                        .evaluate(a -> text(a.get(0)) + text(a.get(1)))
                        .sql(a -> "(" + operand(a, 0) + " || " + operand(a, 1) + ")"),
                function("replace").category("text")
                        .doc("replace(s, from, to)", "`s` with every `from` replaced by `to` (an empty `from` replaces nothing). A result "
                                + "that grows beyond 1,000,000 characters is `TEXT_TOO_LONG`.", "replace('a-b-c', '-', '/') → 'a/b/c'")
                        .params("s", "from", "to")
                        .check(a -> strings(a, 3, 3))
                        .evaluate(a -> replace(a.string(0), a.string(1), a.string(2)))
                        .sql(a -> bounded(a.arg(0), "replace(" + a.arg(0) + ", " + a.arg(1) + ", " + a.arg(2) + ")",
                                "greatest(1, length(" + a.arg(2) + "))"))
                        .trusted(a -> "replace(" + a.arg(0) + ", " + a.arg(1) + ", " + a.arg(2) + ")")
                        .guard(a -> boundedGuard(a.arg(0), "replace(" + a.arg(0) + ", " + a.arg(1) + ", " + a.arg(2) + ")",
                                "greatest(1, length(" + a.arg(2) + "))")),
                function("split_part").category("text")
                        .doc("split_part(s, delimiter, n)", "The `n`th field of `s` split at `delimiter`, from 1; a negative `n` counts from "
                                + "the end (-1 the last field); '' past the last field; an empty delimiter leaves `s` as its one field. "
                                + "`n` = 0 is `INVALID_ARGUMENTS`.", "split_part('2024-01-31', '-', 2) → '01'")
                        .params("s", "delimiter", "n")
                        .check(a -> {
                            a.arity(3, 3);
                            a.expect(0, Type.STRING);
                            a.expect(1, Type.STRING);
                            a.expect(2, Type.INTEGER);
                            return Type.STRING;
                        })
                        .evaluate(a -> splitPart(a.string(0), a.string(1), a.integer(2)))
                        .sql(a -> "split_part(" + a.arg(0) + ", " + a.arg(1) + ", " + clamp(a.arg(2), a.raw(2)) + ")")
                        .guard(a -> "(" + a.arg(0) + " IS NULL OR " + a.arg(1) + " IS NULL OR " + a.arg(2) + " IS NULL OR " + a.arg(2) + " <> 0)"),
                function("left").category("text")
                        .doc("left(s, n)", "The first `n` characters; a negative `n`: all but the last -`n`.", "left('ABCDEF', -2) → 'ABCD'")
                        .params("s", "n")
                        .check(a -> stringAndInteger(a))
                        .evaluate(a -> left(a.string(0), a.integer(1)))
                        .sql(a -> "left(" + a.arg(0) + ", " + clamp(a.arg(1), a.raw(1)) + ")"),
                function("right").category("text")
                        .doc("right(s, n)", "The last `n` characters; a negative `n`: all but the first -`n`.", "right('ABCDEF', 2) → 'EF'")
                        .params("s", "n")
                        .check(a -> stringAndInteger(a))
                        .evaluate(a -> right(a.string(0), a.integer(1)))
                        .sql(a -> "right(" + a.arg(0) + ", " + clamp(a.arg(1), a.raw(1)) + ")"),
                pad("lpad", "lpad('7', 3, '0') → '007'", "on the left"),
                pad("rpad", "rpad('ab', 5, '.') → 'ab...'", "on the right"),
                function("length").category("text")
                        .doc("length(s)", "The number of characters (not bytes: an emoji is one).", "length('straße') → 6")
                        .check(a -> {
                            oneString(a);
                            return Type.INTEGER;
                        })
                        .evaluate(a -> (long) a.string(0).codePointCount(0, a.string(0).length()))
                        .sql(a -> "CAST(length(" + a.arg(0) + ") AS bigint)"),
                function("initcap").category("text")
                        .doc("initcap(s)", "Each word with its first letter in upper case and the rest in lower case, as PostgreSQL does: a "
                                + "word is a run of letters and digits (so `2nd`, `o'Brien`).", "initcap('hello wORLD 2nd o''brien') → 'Hello World 2nd O''Brien'")
                        .check(a -> oneString(a))
                        .evaluate(a -> initcap(a.string(0)))
                        .sql(a -> "initcap(" + a.arg(0) + ")"),
                function("strpos").category("text")
                        .doc("strpos(s, sub)", "The position (from 1, in characters) of the first `sub` in `s`; 0 when there is none, 1 "
                                + "for an empty `sub`.", "strpos('high noon', 'no') → 6")
                        .params("s", "sub")
                        .check(a -> {
                            strings(a, 2, 2);
                            return Type.INTEGER;
                        })
                        .evaluate(a -> strpos(a.string(0), a.string(1)))
                        .sql(a -> "CAST(strpos(" + a.arg(0) + ", " + a.arg(1) + ") AS bigint)"),
                Regex.replaceDef(),
                Regex.extractDef(),
                Regex.matchesDef());
    }

    private static Type oneString(FunctionDef.CheckArgs a) {
        a.arity(1, 1);
        a.expect(0, Type.STRING);
        return Type.STRING;
    }

    /**
     * An argument PostgreSQL's substr takes as int: a computed whole number is clamped into its range, a null stays
     * null (GREATEST and LEAST would skip it and give a bound).
     */
    private static String int32(String sql, Expr raw) {
        return raw instanceof Expr.Literal ? sql : "CAST(CASE WHEN " + sql + " < -2147483648 THEN -2147483648 WHEN " + sql
                + " > 2147483647 THEN 2147483647 ELSE " + sql + " END AS int)";
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

    /** The most characters a text may grow to through a function of this family (replace, regexp_replace, lpad, rpad). */
    static final int MAX_TEXT = 1_000_000;

    private static Type strings(FunctionDef.CheckArgs a, int min, int max) {
        a.arity(min, max);
        for (int i = 0; i < a.size(); i++) {
            a.expect(i, Type.STRING);
        }
        return Type.STRING;
    }

    private static Type stringAndInteger(FunctionDef.CheckArgs a) {
        a.arity(2, 2);
        a.expect(0, Type.STRING);
        a.expect(1, Type.INTEGER);
        return Type.STRING;
    }

    /** The types {@code to_text} writes: every scalar but JSON (PostgreSQL rewrites jsonb) and bytes. */
    static void textable(String function, Type t, int i) {
        if (!(t == Type.STRING || t == Type.INTEGER || t == Type.DECIMAL || t == Type.FLOAT || t == Type.BOOLEAN || t == Type.DATE
                || t == Type.TIMESTAMP || t == Type.TIMESTAMPTZ || t == Type.UUID || t == Type.NULL || t == Type.OTHER)) {
            throw new ExpressionException("INVALID_TYPE", function + " takes text, a number, a boolean, a date, a timestamp or a uuid as "
                    + "argument " + (i + 1) + ", not " + t.name().toLowerCase(Locale.ROOT));
        }
    }

    /** A value as text, as PostgreSQL writes it (time zone UTC, date style ISO). */
    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return floatText(d);
        }
        if (v instanceof Float f) {
            return floatText(f.doubleValue());
        }
        if (v instanceof LocalDate d) {
            return dateText(d);
        }
        if (v instanceof LocalDateTime t) {
            return timestampText(t, "");
        }
        if (v instanceof OffsetDateTime t) {
            if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
                return t.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity";
            }
            return timestampText(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
        }
        return v.toString();
    }

    /** The SQL form of a value as text (the session's time zone is UTC, its date style ISO). */
    static String textSql(Type t, String sql) {
        switch (t) {
            case STRING:
            case NULL:
                return sql;
            case FLOAT:
                // A real is written as the double it widens to (exactly), as Java holds it.
                return "CAST(CAST(" + sql + " AS double precision) AS text)";
            default:
                return "CAST(" + sql + " AS text)";
        }
    }

    private static String operand(FunctionDef.SqlArgs a, int i) {
        return a.type(i) == Type.NULL ? "CAST(NULL AS text)" : textSql(a.type(i), a.arg(i));
    }

    /**
     * PostgreSQL's float8 output (extra_float_digits 1, its default): Ryu's shortest digits as PostgreSQL builds it
     * (src/common/d2s.c, where neither bound of the interval that reads back as the same double counts as inside it, so
     * 1e23 is written 9.999999999999999e+22), in fixed notation for decimal exponents -4 to 14 and as {@code 1e+20} else.
     */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        long bits = Double.doubleToRawLongBits(d);
        long ieeeMantissa = bits & ((1L << 52) - 1);
        int ieeeExponent = (int) ((bits >>> 52) & 0x7FF);
        long mantissa;
        int exponent;
        int smallE2 = ieeeExponent - 1023 - 52;
        long smallM2 = (1L << 52) | ieeeMantissa;
        if (ieeeExponent != 0 && smallE2 >= -52 && smallE2 <= 0 && (smallM2 & ((1L << -smallE2) - 1)) == 0) {
            // A whole number below 2^53: its digits exactly.
            mantissa = smallM2 >> -smallE2;
            exponent = 0;
        } else {
            long[] v = shortest(ieeeMantissa, ieeeExponent);
            mantissa = v[0];
            exponent = (int) v[1];
        }
        while (mantissa % 10 == 0) {
            mantissa /= 10;
            exponent++;
        }
        String digits = Long.toString(mantissa);
        int first = exponent + digits.length() - 1;
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (first >= -4 && first < 15) {
            if (exponent >= 0) {
                out.append(digits).append("0".repeat(exponent));
            } else if (first >= 0) {
                out.append(digits, 0, first + 1).append('.').append(digits, first + 1, digits.length());
            } else {
                out.append("0.").append("0".repeat(-first - 1)).append(digits);
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int e = Math.abs(first);
            out.append('e').append(first < 0 ? '-' : '+').append(e < 10 ? "0" : "").append(e);
        }
        return out.toString();
    }

    /** Ryu's d2d as PostgreSQL has it (bounds not accepted), with exact arithmetic: {mantissa, decimal exponent}. */
    private static long[] shortest(long ieeeMantissa, int ieeeExponent) {
        int e2;
        long m2;
        if (ieeeExponent == 0) {
            e2 = 1 - 1023 - 52 - 2;
            m2 = ieeeMantissa;
        } else {
            e2 = ieeeExponent - 1023 - 52 - 2;
            m2 = (1L << 52) | ieeeMantissa;
        }
        long mv = 4 * m2;
        int mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0;
        long mp = mv + 2;
        long mm = mv - 1 - mmShift;
        long vr;
        long vp;
        long vm;
        int e10;
        boolean vrIsTrailingZeros = false;
        if (e2 >= 0) {
            int q = (int) ((e2 * 78913L) >>> 18) - (e2 > 3 ? 1 : 0);
            e10 = q;
            java.math.BigInteger ten = java.math.BigInteger.TEN.pow(q);
            vr = java.math.BigInteger.valueOf(mv).shiftLeft(e2).divide(ten).longValueExact();
            vp = java.math.BigInteger.valueOf(mp).shiftLeft(e2).divide(ten).longValueExact();
            vm = java.math.BigInteger.valueOf(mm).shiftLeft(e2).divide(ten).longValueExact();
            if (q <= 21) {
                if (mv % 5 == 0) {
                    vrIsTrailingZeros = pow5Factor(mv) >= q;
                } else {
                    vp -= pow5Factor(mp) >= q ? 1 : 0;
                }
            }
        } else {
            int q = (int) ((-e2 * 732923L) >>> 20) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            java.math.BigInteger five = java.math.BigInteger.valueOf(5).pow(-e10);
            vr = java.math.BigInteger.valueOf(mv).multiply(five).shiftRight(q).longValueExact();
            vp = java.math.BigInteger.valueOf(mp).multiply(five).shiftRight(q).longValueExact();
            vm = java.math.BigInteger.valueOf(mm).multiply(five).shiftRight(q).longValueExact();
            if (q <= 1) {
                vrIsTrailingZeros = true;
                --vp;
            } else if (q < 63) {
                vrIsTrailingZeros = (mv & ((1L << (q - 1)) - 1)) == 0;
            }
        }
        int removed = 0;
        long output;
        if (vrIsTrailingZeros) {
            int lastRemovedDigit = 0;
            while (vp / 10 > vm / 10) {
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int) (vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
                lastRemovedDigit = 4;  // round half to even when the exact number is …50…0
            }
            output = vr + (vr == vm || lastRemovedDigit >= 5 ? 1 : 0);
        } else {
            boolean roundUp = false;
            if (vp / 100 > vm / 100) {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10) {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1 : 0);
        }
        return new long[] {output, e10 + removed};
    }

    private static int pow5Factor(long value) {
        int count = 0;
        while (value % 5 == 0) {
            value /= 5;
            count++;
        }
        return count;
    }

    /** PostgreSQL's ISO date output: {@code 2024-01-31}, {@code 0044-03-15 BC}, {@code infinity}. */
    static String dateText(LocalDate d) {
        if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
            return d.equals(LocalDate.MAX) ? "infinity" : "-infinity";
        }
        StringBuilder out = new StringBuilder();
        boolean bc = ymd(out, d);
        return bc ? out.append(" BC").toString() : out.toString();
    }

    /** PostgreSQL's ISO timestamp output: {@code 2024-01-31 08:30:00.25}, fractions without trailing zeros. */
    static String timestampText(LocalDateTime t, String zone) {
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
            return t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity";
        }
        StringBuilder out = new StringBuilder();
        boolean bc = ymd(out, t.toLocalDate());
        out.append(' ').append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':').append(two(t.getSecond()));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = String.format("%06d", micros);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(f, 0, end);
        }
        out.append(zone);
        return bc ? out.append(" BC").toString() : out.toString();
    }

    private static boolean ymd(StringBuilder out, LocalDate d) {
        int year = d.getYear();
        boolean bc = year <= 0;
        String y = Integer.toString(bc ? 1 - year : year);
        out.append("0".repeat(Math.max(0, 4 - y.length()))).append(y).append('-').append(two(d.getMonthValue())).append('-')
                .append(two(d.getDayOfMonth()));
        return bc;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /**
     * An integer argument of a PostgreSQL function that takes int: a literal in range as it is, anything else held to
     * ±2147483647 (beyond that the functions here give what they give at the bound).
     */
    static String clamp(String sql, Expr raw) {
        if (raw instanceof Expr.Literal l && l.value() instanceof Long n && Math.abs(n) <= Integer.MAX_VALUE) {
            return sql;
        }
        // Not LEAST/GREATEST: they skip a null.
        return "CAST(CASE WHEN " + sql + " > 2147483647 THEN 2147483647 WHEN " + sql + " < -2147483647 THEN -2147483647 ELSE " + sql
                + " END AS int)";
    }

    /** An error PostgreSQL raises where Java throws TEXT_TOO_LONG (a cast that cannot succeed, never folded in advance). */
    static String tooLong(String length) {
        return "CAST(CAST(concat('TEXT_TOO_LONG: more than " + MAX_TEXT + " characters: ', " + length + ") AS int) AS text)";
    }

    /**
     * {@code expr}, a text computed from {@code s} at most {@code factor} times as long, with an error when it grows
     * beyond {@link #MAX_TEXT} characters (and beyond {@code s}); computed once where the bound already rules that out.
     */
    static String bounded(String s, String expr, String factor) {
        return "CASE WHEN CAST(length(" + s + ") AS bigint) * " + factor + " <= " + MAX_TEXT + " OR length(" + expr + ") <= greatest("
                + MAX_TEXT + ", length(" + s + ")) THEN " + expr + " WHEN " + expr + " IS NULL THEN NULL ELSE " + tooLong("length(" + s + ")")
                + " END";
    }

    static String boundedGuard(String s, String expr, String factor) {
        return "(CAST(length(" + s + ") AS bigint) * " + factor + " <= " + MAX_TEXT + " OR " + expr + " IS NULL OR length(" + expr
                + ") <= greatest(" + MAX_TEXT + ", length(" + s + ")))";
    }

    /** The Java side of {@link #bounded}: TEXT_TOO_LONG when {@code out} grew beyond the limit and beyond {@code s}. */
    static String checkLength(String s, CharSequence out) {
        if (out.length() > MAX_TEXT && out.length() > s.length()) {
            int n = Character.codePointCount(out, 0, out.length());
            if (n > MAX_TEXT && n > s.codePointCount(0, s.length())) {
                throw new ExpressionException("TEXT_TOO_LONG", "the text would grow to more than " + MAX_TEXT + " characters");
            }
        }
        return out.toString();
    }

    /** Stops building {@code out} once it is surely too long. */
    static void stopIfTooLong(String s, StringBuilder out) {
        if (out.length() > 2 * Math.max(MAX_TEXT, s.length())) {
            throw new ExpressionException("TEXT_TOO_LONG", "the text would grow to more than " + MAX_TEXT + " characters");
        }
    }

    private static String replace(String s, String from, String to) {
        if (from.isEmpty()) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int next = s.indexOf(from); next >= 0; next = s.indexOf(from, at)) {
            out.append(s, at, next).append(to);
            at = next + from.length();
            stopIfTooLong(s, out);
        }
        out.append(s, at, s.length());
        return checkLength(s, out);
    }

    private static String splitPart(String s, String delimiter, long n) {
        if (n == 0) {
            throw new ExpressionException("INVALID_ARGUMENTS", "split_part: the field position must not be 0");
        }
        if (s.isEmpty()) {
            return "";
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        List<String> fields = new java.util.ArrayList<>();
        int at = 0;
        for (int next = s.indexOf(delimiter); next >= 0; next = s.indexOf(delimiter, at)) {
            fields.add(s.substring(at, next));
            at = next + delimiter.length();
        }
        fields.add(s.substring(at));
        long index = n > 0 ? n - 1 : fields.size() + n;
        return index >= 0 && index < fields.size() ? fields.get((int) index) : "";
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The first {@code n} characters (code points). */
    private static String head(String s, long n) {
        long len = length(s);
        return n <= 0 ? "" : n >= len ? s : s.substring(0, s.offsetByCodePoints(0, (int) n));
    }

    private static String left(String s, long n) {
        return head(s, n >= 0 ? n : length(s) + Math.max(n, -(long) Integer.MAX_VALUE));
    }

    private static String right(String s, long n) {
        long len = length(s);
        long keep = n >= 0 ? Math.min(n, len) : Math.max(0, len + Math.max(n, -(long) Integer.MAX_VALUE));
        return s.substring(s.offsetByCodePoints(0, (int) (len - keep)));
    }

    private static FunctionDef pad(String name, String example, String side) {
        return function(name).category("text")
                .doc(name + "(s, n[, fill])", "`s` filled " + side + " to `n` characters with `fill` repeated (a space when left out); "
                        + "a longer `s` is cut to its first `n` characters; an empty `fill` leaves a shorter `s` as it is. `n` above "
                        + MAX_TEXT + " is `TEXT_TOO_LONG`.", example)
                .params("s", "n", "fill")
                .check(a -> {
                    a.arity(2, 3);
                    a.expect(0, Type.STRING);
                    a.expect(1, Type.INTEGER);
                    if (a.size() == 3) {
                        a.expect(2, Type.STRING);
                    }
                    if (a.raw(1) instanceof Expr.Literal l && l.value() instanceof Long n && n > MAX_TEXT) {
                        throw a.invalid(name + " pads to at most " + MAX_TEXT + " characters");
                    }
                    return Type.STRING;
                })
                .evaluate(a -> pad(a.string(0), a.integer(1), a.size() == 3 ? a.string(2) : " ", name.equals("lpad")))
                .sql(a -> "CASE WHEN " + a.arg(1) + " > " + MAX_TEXT + " AND " + a.arg(0) + " IS NOT NULL" + (a.size() == 3 ? " AND "
                        + a.arg(2) + " IS NOT NULL" : "") + " THEN " + tooLong(a.arg(1)) + " ELSE " + padSql(name, a) + " END")
                .trusted(a -> padSql(name, a))
                .guard(a -> "(" + a.arg(1) + " IS NULL OR " + a.arg(0) + " IS NULL OR " + (a.size() == 3 ? a.arg(2) + " IS NULL OR " : "")
                        + a.arg(1) + " <= " + MAX_TEXT + ")");
    }

    private static String padSql(String name, FunctionDef.SqlArgs a) {
        return name + "(" + a.arg(0) + ", " + clamp(a.arg(1), a.raw(1)) + (a.size() == 3 ? ", " + a.arg(2) : "") + ")";
    }

    private static String pad(String s, long n, String fill, boolean left) {
        if (n > MAX_TEXT) {
            throw new ExpressionException("TEXT_TOO_LONG", "lpad and rpad pad to at most " + MAX_TEXT + " characters");
        }
        int len = length(s);
        if (n <= len || fill.isEmpty()) {
            return head(s, n);
        }
        int[] f = fill.codePoints().toArray();
        StringBuilder padding = new StringBuilder();
        for (long i = 0; i < n - len; i++) {
            padding.appendCodePoint(f[(int) (i % f.length)]);
        }
        return left ? padding + s : s + padding;
    }

    /** PostgreSQL's initcap: a letter or digit after another is lower case, any other letter upper case. */
    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            out.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
            inWord = Character.isAlphabetic(c) || Character.isDigit(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static Long strpos(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? 0L : s.codePointCount(0, at) + 1L;
    }

    /** The regular-expression functions, over the patterns of {@link RegexSubset}. */
    static final class Regex {

        private static final java.util.Map<String, RegexSubset.Compiled> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private Regex() {
        }

        static RegexSubset.Compiled compiled(String pattern, boolean ignoreCase) {
            String key = (ignoreCase ? "i:" : "c:") + pattern;
            RegexSubset.Compiled c = CACHE.get(key);
            if (c == null) {
                c = RegexSubset.compile(pattern, ignoreCase);
                if (CACHE.size() > 1000) {
                    CACHE.clear();
                }
                CACHE.put(key, c);
            }
            return c;
        }

        private static String flags(FunctionDef.CheckArgs a, int i, String allowed, String function) {
            if (a.size() <= i) {
                return "";
            }
            String flags = a.literalString(i);
            RegexSubset.checkFlags(function, flags, allowed);
            return flags;
        }

        private static String flags(FunctionDef.EvalArgs a, int i) {
            return a.size() <= i ? "" : a.literalString(i);
        }

        private static String flags(FunctionDef.SqlArgs a, int i) {
            return a.size() <= i ? "" : a.literalString(i);
        }

        private static String quote(String s) {
            return "'" + s.replace("'", "''") + "'";
        }

        /** A replacement's parts: literal text (String) and group numbers (Integer, 0 the whole match). */
        static List<Object> replacement(String r, int groups) {
            List<Object> parts = new java.util.ArrayList<>();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                char c = r.charAt(i);
                if (c != '\\') {
                    literal.append(c);
                    continue;
                }
                if (i + 1 >= r.length()) {
                    throw Functions.invalid("regexp_replace: the replacement ends with a single \\ (write \\\\ for a backslash)");
                }
                char n = r.charAt(++i);
                if (n == '\\') {
                    literal.append('\\');
                    continue;
                }
                int group;
                if (n == '&') {
                    group = 0;
                } else if (n >= '1' && n <= '9') {
                    group = n - '0';
                    if (group > groups) {
                        throw Functions.invalid("regexp_replace: the replacement refers to group " + group + " but the pattern has "
                                + groups);
                    }
                } else {
                    throw Functions.invalid("regexp_replace: the replacement may use \\1 to \\9 (a group), \\& (the whole match) and "
                            + "\\\\ (a backslash), not \\" + n);
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(group);
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
            }
            return parts;
        }

        private static String replacementSql(List<Object> parts) {
            StringBuilder out = new StringBuilder();
            for (Object p : parts) {
                out.append(p instanceof String s ? s.replace("\\", "\\\\") : ((Integer) p == 0 ? "\\&" : "\\" + p));
            }
            return out.toString();
        }

        /** At most how many times longer than the text the result can be: each match (never empty) becomes the replacement. */
        private static int factor(List<Object> parts) {
            long n = 0;
            for (Object p : parts) {
                n += p instanceof String s ? s.codePointCount(0, s.length()) : 1;
            }
            return (int) Math.min(Math.max(1, n), MAX_TEXT + 1L);
        }

        private static RegexSubset.Compiled checkPattern(FunctionDef.CheckArgs a, String function, String flags) {
            return compiled(a.literalString(1), flags.indexOf('i') >= 0);
        }

        static FunctionDef replaceDef() {
            return function("regexp_replace").category("text")
                    .doc("regexp_replace(s, pattern, replacement[, flags])", "`s` with the first match of `pattern` (every match with flag "
                            + "`g`; `i` ignores case) replaced by `replacement`, where `\\1` … `\\9` stand for the groups, `\\&` for the "
                            + "whole match and `\\\\` for a backslash. The pattern is a literal of the regular expressions below and may "
                            + "not match the empty text. A result that grows beyond 1,000,000 characters is `TEXT_TOO_LONG`.",
                            "regexp_replace('a1b22c', '[0-9]+', '#', 'g') → 'a#b#c'")
                    .params("s", "pattern", "replacement", "flags")
                    .check(a -> {
                        a.arity(3, 4);
                        a.expect(0, Type.STRING);
                        String flags = flags(a, 3, "gi", "regexp_replace");
                        RegexSubset.Compiled c = checkPattern(a, "regexp_replace", flags);
                        if (c.matchesEmpty()) {
                            throw Functions.invalid("regexp_replace: the pattern '" + c.source() + "' can match the empty text (use + "
                                    + "rather than *, say)");
                        }
                        replacement(a.literalString(2), c.groups());
                        return Type.STRING;
                    })
                    .evaluate(a -> {
                        String flags = flags(a, 3);
                        RegexSubset.Compiled c = compiled(a.literalString(1), flags.indexOf('i') >= 0);
                        return replace(a.string(0), c, replacement(a.literalString(2), c.groups()), flags.indexOf('g') >= 0);
                    })
                    .sql(a -> bounded(a.arg(0), replaceSql(a), Integer.toString(replaceFactor(a))))
                    .trusted(Regex::replaceSql)
                    .guard(a -> boundedGuard(a.arg(0), replaceSql(a), Integer.toString(replaceFactor(a))));
        }

        private static int replaceFactor(FunctionDef.SqlArgs a) {
            RegexSubset.Compiled c = compiled(a.literalString(1), flags(a, 3).indexOf('i') >= 0);
            return factor(replacement(a.literalString(2), c.groups()));
        }

        private static String replaceSql(FunctionDef.SqlArgs a) {
            String flags = flags(a, 3);
            RegexSubset.Compiled c = compiled(a.literalString(1), flags.indexOf('i') >= 0);
            return "regexp_replace(" + a.arg(0) + ", " + quote(c.postgres()) + ", " + quote(replacementSql(replacement(a.literalString(2),
                    c.groups()))) + (flags.indexOf('g') >= 0 ? ", 'g'" : "") + ")";
        }

        private static String replace(String s, RegexSubset.Compiled c, List<Object> parts, boolean global) {
            java.util.regex.Matcher m = c.java().matcher(s);
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (m.find()) {
                out.append(s, at, m.start());
                for (Object p : parts) {
                    if (p instanceof String text) {
                        out.append(text);
                    } else {
                        String g = m.group((Integer) p);
                        if (g != null) {
                            out.append(g);
                        }
                    }
                }
                at = m.end();
                stopIfTooLong(s, out);
                if (!global) {
                    break;
                }
            }
            out.append(s, at, s.length());
            return checkLength(s, out);
        }

        static FunctionDef extractDef() {
            return function("regexp_extract").category("text").lazy()
                    .doc("regexp_extract(s, pattern[, group[, flags]])", "The first match of `pattern` in `s`, or its capture group `group` "
                            + "(1 to 9; 0, the default, is the whole match); null when nothing matches or the group took no part. "
                            + "Flag `i` ignores case. The pattern is a literal of the regular expressions below.",
                            "regexp_extract('order 66-B', '([0-9]+)-([A-Z])', 2) → 'B'")
                    .nulls("null when `s` is null or nothing matches")
                    .params("s", "pattern", "group", "flags")
                    .check(a -> {
                        a.arity(2, 4);
                        a.expect(0, Type.STRING);
                        String flags = flags(a, 3, "i", "regexp_extract");
                        RegexSubset.Compiled c = checkPattern(a, "regexp_extract", flags);
                        long group = a.size() > 2 ? a.literalLong(2) : 0;
                        if (group < 0 || group > c.groups()) {
                            throw a.invalid("regexp_extract: group " + group + " does not exist (the pattern has " + c.groups()
                                    + " capture groups; 0 is the whole match)");
                        }
                        return Type.STRING;
                    })
                    .evaluate(a -> {
                        if (a.get(0) == null) {
                            return null;
                        }
                        RegexSubset.Compiled c = compiled(a.literalString(1), flags(a, 3).indexOf('i') >= 0);
                        java.util.regex.Matcher m = c.java().matcher(a.string(0));
                        return m.find() ? m.group(a.size() > 2 ? (int) a.literalLong(2) : 0) : null;
                    })
                    .sql(a -> {
                        RegexSubset.Compiled c = compiled(a.literalString(1), flags(a, 3).indexOf('i') >= 0);
                        long group = a.size() > 2 ? a.literalLong(2) : 0;
                        return "(regexp_match(" + a.arg(0) + ", " + quote(group == 0 ? "(" + c.postgres() + ")" : c.postgres()) + "))["
                                + Math.max(group, 1) + "]";
                    })
                    .neverNull(args -> false);
        }

        static FunctionDef matchesDef() {
            return function("matches").category("text")
                    .doc("matches(s, pattern[, flags])", "Whether `pattern` matches somewhere in `s` (anchor it with `^` and `$` for the "
                            + "whole text); flag `i` ignores case. The pattern is a literal of the regular expressions below.",
                            "matches('AB-12', '^[A-Z]+-\\d+$') → true")
                    .params("s", "pattern", "flags")
                    .check(a -> {
                        a.arity(2, 3);
                        a.expect(0, Type.STRING);
                        checkPattern(a, "matches", flags(a, 2, "i", "matches"));
                        return Type.BOOLEAN;
                    })
                    .evaluate(a -> compiled(a.literalString(1), flags(a, 2).indexOf('i') >= 0).java().matcher(a.string(0)).find())
                    .sql(a -> "(" + a.arg(0) + " ~ " + quote(compiled(a.literalString(1), flags(a, 2).indexOf('i') >= 0).postgres()) + ")");
        }
    }
}
