package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Conditionals and nulls: values chosen by conditions or by which of them are null. */
final class ConditionalFunctions {

    private ConditionalFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("coalesce").category("conditionals").lazy()
                        .doc("coalesce(a, b, …)", "The first argument that is not null (1 to 32 of the same type); the ones after "
                                + "it are not computed.", "coalesce(null, 'Ada', 'unknown') → 'Ada'")
                        .nulls("null only when every argument is")
                        .check(a -> {
                            a.arity(1, 32);
                            Type common = a.types().stream().filter(t -> t != Type.NULL).findFirst().orElse(Type.NULL);
                            for (int i = 0; i < a.size(); i++) {
                                a.expect(i, common);
                            }
                            return common;
                        })
                        .evaluate(a -> {
                            for (int i = 0; i < a.size(); i++) {
                                if (a.get(i) != null) {
                                    return a.get(i);
                                }
                            }
                            return null;
                        })
                        .sql(a -> "coalesce(" + String.join(", ", a.args()) + ")")
                        .composedGuard(ConditionalFunctions::coalesceGuard)
                        .neverNull(args -> {
                            for (boolean b : args) {
                                if (b) {
                                    return true;
                                }
                            }
                            return false;
                        }),
                function("if").category("conditionals").lazy()
                        .doc("if(cond, a, b)", "`a` when `cond` is true, else `b` (also when `cond` is null); only the one chosen "
                                + "is computed. `a` and `b` have one type (an integer and a decimal give a decimal).",
                                "if(2 > 1, 'yes', 'no') → 'yes'")
                        .nulls("null when the chosen value is")
                        .check(a -> {
                            a.arity(3, 3);
                            condition(a, 0);
                            return common(a, List.of(1, 2));
                        })
                        .evaluate(a -> asType(a, Boolean.TRUE.equals(a.get(0)) ? a.get(1) : a.get(2)))
                        .sql(a -> "CASE WHEN " + a.arg(0) + " THEN " + branch(a, 1, true) + " ELSE " + branch(a, 2, true) + " END")
                        .composedGuard(a -> caseGuard(a))
                        .neverNull(args -> args[1] && args[2]),
                function("case").category("conditionals").lazy()
                        .doc("case when c1 then v1 … [else e] end", "The value of the first condition that is true, else `e` (null "
                                + "when there is no else); only that one is computed. The values have one type (an integer and a "
                                + "decimal give a decimal). `case x when a then …` compares `x` with each `a`.",
                                "case when 1 > 2 then 'a' when 2 > 1 then 'b' else 'c' end → 'b'")
                        .nulls("null when the chosen value is")
                        .check(a -> {
                            if (a.size() < 3 || a.size() % 2 == 0) {
                                throw a.invalid("case takes pairs of a condition and a value, and an else value");
                            }
                            List<Integer> values = new ArrayList<>();
                            for (int i = 0; i + 1 < a.size(); i += 2) {
                                condition(a, i);
                                values.add(i + 1);
                            }
                            values.add(a.size() - 1);
                            return common(a, values);
                        })
                        .evaluate(a -> {
                            for (int i = 0; i + 1 < a.size(); i += 2) {
                                if (Boolean.TRUE.equals(a.get(i))) {
                                    return asType(a, a.get(i + 1));
                                }
                            }
                            return asType(a, a.get(a.size() - 1));
                        })
                        .sql(a -> {
                            StringBuilder out = new StringBuilder("CASE");
                            for (int i = 0; i + 1 < a.size(); i += 2) {
                                out.append(" WHEN ").append(a.arg(i)).append(" THEN ").append(branch(a, i + 1, false));
                            }
                            return out.append(" ELSE ").append(branch(a, a.size() - 1, false)).append(" END").toString();
                        })
                        .composedGuard(a -> caseGuard(a))
                        .neverNull(args -> {
                            for (int i = 1; i < args.length; i += 2) {
                                if (!args[i]) {
                                    return false;
                                }
                            }
                            return args[args.length - 1];
                        }),
                function("nullif").category("conditionals").lazy()
                        .doc("nullif(a, b)", "Null when `a` equals `b`, else `a` (as SQL's NULLIF).", "nullif('n/a', 'n/a') → null")
                        .nulls("null when `a` is; `a` when `b` is null")
                        .check(a -> {
                            a.arity(2, 2);
                            Type x = a.type(0);
                            Type y = a.type(1);
                            boolean exactNumbers = (x == Type.INTEGER || x == Type.DECIMAL) && (y == Type.INTEGER || y == Type.DECIMAL);
                            // A float compares with a float or an integer (as PostgreSQL does, in double precision).
                            boolean floats = x == Type.FLOAT && y == Type.INTEGER;
                            if (!(x == y || x == Type.NULL || y == Type.NULL || exactNumbers || floats || x == Type.OTHER || y == Type.OTHER)) {
                                throw new ExpressionException("INVALID_TYPE", "nullif compares values of one type, not " + x + " and " + y);
                            }
                            return x == Type.NULL ? y : x;
                        })
                        .evaluate(a -> {
                            Object x = a.get(0);
                            Object y = a.get(1);
                            return x != null && y != null && same(x, y) ? null : x;
                        })
                        .sql(a -> a.type(0) == Type.INTEGER && a.type(1) == Type.DECIMAL
                                ? "CAST(NULLIF(" + a.arg(0) + ", " + a.arg(1) + ") AS bigint)"
                                : a.type(0) == Type.NULL ? "NULL"
                                : "NULLIF(" + a.arg(0) + ", " + a.arg(1) + ")")
                        .neverNull(args -> false),
                function("try").category("conditionals").lazy()
                        .doc("try(x)", "The value of `x`, or null where computing it fails (a text that is no date, a number that "
                                + "overflows): for falling back with `coalesce`.", "try(1 / 0) → null")
                        .nulls("null when `x` is or fails")
                        .check(a -> {
                            a.arity(1, 1);
                            return a.type(0);
                        })
                        .evaluate(a -> {
                            try {
                                return a.get(0);
                            } catch (ExpressionException e) {
                                return null;
                            }
                        })
                        .sql(a -> a.guard(0) == null ? a.arg(0) : "CASE WHEN " + a.guard(0) + " THEN " + a.trusted(0) + " END")
                        .trusted(a -> a.guard(0) == null ? a.arg(0) : "CASE WHEN " + a.guard(0) + " THEN " + a.trusted(0) + " END")
                        .composedGuard(a -> null)
                        .neverNull(args -> false),
                function("to_boolean").category("conditionals")
                        .doc("to_boolean(x)", "Text `y`/`n`, `yes`/`no`, `t`/`f`, `true`/`false`, `1`/`0` or `on`/`off` (any case, "
                                + "spaces around allowed), or the integer 1 or 0, as a boolean; anything else (also '') is "
                                + "`UNPARSEABLE_BOOLEAN`. A boolean stays as it is.", "to_boolean(' Yes ') → true")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expectOneOf(0, Type.STRING, Type.INTEGER, Type.BOOLEAN);
                            return Type.BOOLEAN;
                        })
                        .evaluate(a -> toBoolean(a.get(0)))
                        .sql(a -> switch (a.type(0)) {
                            case STRING -> "CASE WHEN " + booleanWord(a.arg(0)) + " IN (" + words(TRUE_WORDS) + ") THEN TRUE WHEN "
                                    + booleanWord(a.arg(0)) + " IN (" + words(FALSE_WORDS) + ") THEN FALSE ELSE CAST(" + a.arg(0)
                                    + " || ' is no boolean' AS boolean) END";
                            case INTEGER -> "CASE CAST(" + a.arg(0) + " AS bigint) WHEN 1 THEN TRUE WHEN 0 THEN FALSE ELSE CAST(CAST("
                                    + a.arg(0) + " AS text) || ' is no boolean' AS boolean) END";
                            default -> "CAST(" + a.arg(0) + " AS boolean)";
                        })
                        .trusted(a -> switch (a.type(0)) {
                            case STRING -> "(" + booleanWord(a.arg(0)) + " IN (" + words(TRUE_WORDS) + "))";
                            case INTEGER -> "(CAST(" + a.arg(0) + " AS bigint) = 1)";
                            default -> "CAST(" + a.arg(0) + " AS boolean)";
                        })
                        .guard(a -> switch (a.type(0)) {
                            case STRING -> "(" + a.arg(0) + " IS NULL OR " + booleanWord(a.arg(0)) + " IN (" + words(TRUE_WORDS) + ", "
                                    + words(FALSE_WORDS) + "))";
                            case INTEGER -> "(" + a.arg(0) + " IS NULL OR CAST(" + a.arg(0) + " AS bigint) IN (0, 1))";
                            default -> null;
                        }));
    }

    private static final List<String> TRUE_WORDS = List.of("y", "yes", "t", "true", "1", "on");
    private static final List<String> FALSE_WORDS = List.of("n", "no", "f", "false", "0", "off");
    // The spaces trimmed around a boolean word, as C's isspace.
    private static final String BOOLEAN_SPACE = " \t\n\r\f\u000b";

    private static String words(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }

    /** The text in lower case (letters A to Z only: no other letter lowers into a boolean word) without its spaces. */
    private static String booleanWord(String sql) {
        return "translate(btrim(" + sql + ", E' \\t\\n\\r\\f\\013'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
    }

    private static Boolean toBoolean(Object x) {
        if (x instanceof Boolean b) {
            return b;
        }
        if (x instanceof Long l) {
            if (l == 0 || l == 1) {
                return l == 1;
            }
            throw new ExpressionException("UNPARSEABLE_BOOLEAN", "to_boolean: an integer other than 0 or 1");
        }
        String s = (String) x;
        int start = 0;
        int end = s.length();
        while (start < end && BOOLEAN_SPACE.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && BOOLEAN_SPACE.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        StringBuilder word = new StringBuilder();
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            word.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        if (TRUE_WORDS.contains(word.toString())) {
            return true;
        }
        if (FALSE_WORDS.contains(word.toString())) {
            return false;
        }
        throw new ExpressionException("UNPARSEABLE_BOOLEAN", "to_boolean: the text is no boolean (y/n, yes/no, t/f, true/false, 1/0, on/off)");
    }

    /** An integer value of a conditional whose values are decimals is a decimal. */
    private static Object asType(FunctionDef.EvalArgs a, Object value) {
        return a.type() == Type.DECIMAL && value instanceof Long l ? BigDecimal.valueOf(l) : value;
    }

    private static void condition(FunctionDef.CheckArgs a, int i) {
        Type t = a.type(i);
        if (t != Type.BOOLEAN && t != Type.NULL && t != Type.OTHER) {
            throw new ExpressionException("INVALID_TYPE", "a condition must be BOOLEAN, not " + t);
        }
    }

    /** The values' one type: null fits any, an integer and a decimal make a decimal. */
    private static Type common(FunctionDef.CheckArgs a, List<Integer> values) {
        Type common = Type.NULL;
        for (int i : values) {
            Type t = a.type(i);
            if (t == Type.NULL || t == Type.OTHER || t == common) {
                continue;
            }
            if (common == Type.NULL) {
                common = t;
            } else if ((common == Type.INTEGER || common == Type.DECIMAL) && (t == Type.INTEGER || t == Type.DECIMAL)) {
                common = Type.DECIMAL;
            } else {
                throw new ExpressionException("INVALID_TYPE", "the values must be of one type, not " + common + " and " + t);
            }
        }
        return common;
    }

    /** A value of a conditional in SQL: an integer among decimals becomes a numeric. */
    private static String branch(FunctionDef.SqlArgs a, int i, boolean isIf) {
        boolean decimals = false;
        for (int v = 1; v < a.size(); v += isIf ? 1 : 2) {
            decimals |= a.type(v) == Type.DECIMAL;
        }
        decimals |= a.type(a.size() - 1) == Type.DECIMAL;
        return decimals && a.type(i) == Type.INTEGER ? "CAST(" + a.arg(i) + " AS numeric)" : a.arg(i);
    }

    /** Only the chosen value's guard matters: a condition's own guard first, then the value's when it holds. */
    private static String caseGuard(FunctionDef.SqlArgs a) {
        StringBuilder out = new StringBuilder("CASE");
        boolean any = false;
        int last = a.size() - 1;
        for (int i = 0; i < last; i += 2) {
            String g = a.guard(i);
            if (g != null) {
                out.append(" WHEN NOT ").append(g).append(" THEN FALSE");
                any = true;
            }
            String v = a.guard(i + 1);
            out.append(" WHEN ").append(a.arg(i)).append(" THEN ").append(v == null ? "TRUE" : v);
            any |= v != null;
        }
        String e = a.guard(last);
        any |= e != null;
        return any ? out.append(" ELSE ").append(e == null ? "TRUE" : e).append(" END").toString() : null;
    }

    /** SQL's = for two values of one type (numbers by value). */
    private static boolean same(Object x, Object y) {
        if (x instanceof Double || y instanceof Double) {
            double a = ((Number) x).doubleValue();
            double b = ((Number) y).doubleValue();
            return a == b || Double.isNaN(a) && Double.isNaN(b);
        }
        if (x instanceof Number && y instanceof Number && !(x instanceof Double) && !(y instanceof Double)) {
            return OperatorFunctions.decimal(x).compareTo(OperatorFunctions.decimal(y)) == 0;
        }
        if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return x.equals(y);
    }

    /** Each argument's guard matters only when the ones before it were null (PostgreSQL's COALESCE stops at the first value). */
    private static String coalesceGuard(FunctionDef.SqlArgs a) {
        StringBuilder out = new StringBuilder("CASE");
        boolean any = false;
        for (int i = 0; i < a.size(); i++) {
            String g = a.guard(i);
            if (g != null) {
                out.append(" WHEN NOT ").append(g).append(" THEN FALSE");
                any = true;
            }
            if (i < a.size() - 1) {
                out.append(" WHEN ").append(a.arg(i)).append(" IS NOT NULL THEN TRUE");
            }
        }
        return any ? out.append(" ELSE TRUE END").toString() : null;
    }
}
