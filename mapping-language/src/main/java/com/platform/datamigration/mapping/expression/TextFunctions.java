package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
                        .doc("concat(a, b, …)", "The texts one after another (1 to 32 of them).", "concat('P-', to_text(42)) → 'P-42'")
                        .nulls("a null argument counts as empty; never null")
                        .check(a -> {
                            a.arity(1, 32);
                            for (int i = 0; i < a.size(); i++) {
                                a.expect(i, Type.STRING);
                            }
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            StringBuilder out = new StringBuilder();
                            for (int i = 0; i < a.size(); i++) {
                                if (a.get(i) != null) {
                                    out.append((String) a.get(i));
                                }
                            }
                            return out.toString();
                        })
                        .sql(a -> "concat(" + String.join(", ", a.args()) + ")")
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
                        .doc("to_text(x)", "An integer, decimal, date, boolean, uuid or text as text, written as PostgreSQL writes it "
                                + "(`2024-01-31`, `true`, `12.50`); for keys built from numbers.", "to_text(12.50) → '12.50'")
                        .check(a -> {
                            a.arity(1, 1);
                            Type t = a.type(0);
                            if (!(t == Type.INTEGER || t == Type.DECIMAL || t == Type.STRING || t == Type.DATE || t == Type.BOOLEAN
                                    || t == Type.UUID || t == Type.NULL)) {
                                throw new ExpressionException("INVALID_TYPE", "to_text takes an integer, decimal, date, boolean, uuid or "
                                        + "text, not " + t.name().toLowerCase(Locale.ROOT));
                            }
                            return Type.STRING;
                        })
                        .evaluate(a -> a.get(0) instanceof BigDecimal d ? d.toPlainString() : a.get(0).toString())
                        .sql(a -> "CAST(" + a.arg(0) + " AS text)"));
    }

    private static Type oneString(FunctionDef.CheckArgs a) {
        a.arity(1, 1);
        a.expect(0, Type.STRING);
        return Type.STRING;
    }

    /** An argument PostgreSQL's substr takes as int: a computed whole number is clamped into its range. */
    private static String int32(String sql, Expr raw) {
        return raw instanceof Expr.Literal ? sql : "CAST(LEAST(GREATEST(" + sql + ", -2147483648), 2147483647) AS int)";
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
    }}
