package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;
import static com.platform.datamigration.mapping.expression.Functions.invalid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Numbers: text read as numbers, decimals of a given precision. */
final class NumberFunctions {

    private NumberFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("to_decimal").category("numbers")
                        .doc("to_decimal(x, precision, scale)", "Text or a number as a decimal of `precision` digits, `scale` of "
                                + "them after the point, rounded half away from zero. Too many integer digits is `NUMBER_OVERFLOW`, "
                                + "text that is not a number `UNPARSEABLE_NUMBER`.", "to_decimal('12.345', 12, 2) → 12.35")
                        .check(a -> {
                            a.arity(3, 3);
                            a.expectOneOf(0, Type.STRING, Type.INTEGER, Type.DECIMAL, Type.FLOAT);
                            long precision = a.literalLong(1);
                            long scale = a.literalLong(2);
                            if (precision < 1 || precision > 1000 || scale < 0 || scale > precision) {
                                throw invalid("to_decimal needs 1 <= precision <= 1000 and 0 <= scale <= precision");
                            }
                            return Type.DECIMAL;
                        })
                        .evaluate(a -> toDecimal(a.get(0), (int) a.literalLong(1), (int) a.literalLong(2)))
                        .sql(a -> {
                            String type = "numeric(" + a.literalLong(1) + "," + a.literalLong(2) + ")";
                            return a.type(0) == Type.STRING ? numberText(a.arg(0), "+-.eE", type) : "CAST(" + a.arg(0) + " AS " + type + ")";
                        })
                        .trusted(a -> "CAST(" + a.arg(0) + " AS numeric(" + a.literalLong(1) + "," + a.literalLong(2) + "))")
                        .sqlType(a -> "numeric(" + a.literalLong(1) + "," + a.literalLong(2) + ")")
                        .guard(NumberFunctions::decimalGuard),
                function("to_integer").category("numbers")
                        .doc("to_integer(s)", "Text of a whole number (spaces around it allowed) as a 64-bit integer; anything else, "
                                + "or a number outside the 64-bit range, is `UNPARSEABLE_NUMBER`.", "to_integer(' 42 ') → 42")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expect(0, Type.STRING);
                            return Type.INTEGER;
                        })
                        .evaluate(a -> toInteger(a.string(0)))
                        .sql(a -> numberText(a.arg(0), "+-", "bigint"))
                        .trusted(a -> "CAST(" + a.arg(0) + " AS bigint)")
                        .sqlType(a -> "bigint")
                        .guard(a -> "CASE WHEN " + a.arg(0) + " IS NULL THEN TRUE WHEN " + a.arg(0) + " ~ '^" + SPACE + "[+-]?0*[0-9]{1,18}"
                                + SPACE + "$' THEN TRUE WHEN " + a.arg(0) + " ~ '^" + SPACE + "[+-]?0*[0-9]{19}" + SPACE + "$' THEN CAST("
                                + a.arg(0) + " AS numeric) BETWEEN -9223372036854775808 AND 9223372036854775807 ELSE FALSE END"),
                function("round").category("numbers").params("x", "digits")
                        .doc("round(x [, digits])", "`x` rounded to `digits` places after the point (0 when left out; a negative "
                                + "count rounds to tens, hundreds, …). A decimal rounds half away from zero and keeps `digits` places "
                                + "(`round(1.2, 3)` is 1.200); an integer stays an integer (`NUMBER_OVERFLOW` when rounding leaves the "
                                + "64-bit range); a float rounds half to even (`round(2.5)` is 2), as PostgreSQL rounds double "
                                + "precision, and takes no `digits`.", "round(2.345, 2) → 2.35")
                        .check(a -> {
                            a.arity(1, 2);
                            Type t = a.expectOneOf(0, Type.INTEGER, Type.DECIMAL, Type.FLOAT);
                            if (a.size() == 2) {
                                a.expectOneOf(1, Type.INTEGER);
                                if (t == Type.FLOAT) {
                                    throw new ExpressionException("INVALID_TYPE", "round of a float takes no digits (make it a decimal "
                                            + "with to_decimal first)");
                                }
                            }
                            return t == Type.NULL || t == Type.OTHER ? Type.DECIMAL : t;
                        })
                        .evaluate(a -> round(a.get(0), a.size() == 2 ? a.integer(1) : 0L))
                        .sql(NumberFunctions::roundSql)
                        .guard(a -> a.type(0) == Type.INTEGER && a.size() == 2 ? "CASE WHEN (" + a.arg(0) + ") IS NULL OR (" + a.arg(1)
                                + ") IS NULL THEN TRUE ELSE round(CAST(" + a.arg(0) + " AS numeric), " + digits(a.arg(1)) + ") BETWEEN "
                                + OperatorFunctions.MIN_LONG + " AND " + OperatorFunctions.MAX_LONG + " END" : null),
                function("floor").category("numbers")
                        .doc("floor(x)", "The greatest whole number not above `x`, of the same type (a decimal's scale becomes 0).",
                                "floor(-2.5) → -3")
                        .check(NumberFunctions::sameNumber)
                        .evaluate(a -> a.get(0) instanceof Double d ? (Object) Math.floor(d) : a.get(0) instanceof Long l ? l
                                : OperatorFunctions.decimal(a.get(0)).setScale(0, RoundingMode.FLOOR))
                        .sql(a -> a.type(0) == Type.INTEGER ? "CAST(" + a.arg(0) + " AS bigint)"
                                : "floor(" + OperatorFunctions.cast(a.arg(0), OperatorFunctions.pgType(a.type(0))) + ")"),
                function("ceil").category("numbers")
                        .doc("ceil(x)", "The least whole number not below `x`, of the same type (a decimal's scale becomes 0).",
                                "ceil(2.1) → 3")
                        .check(NumberFunctions::sameNumber)
                        .evaluate(a -> a.get(0) instanceof Double d ? (Object) Math.ceil(d) : a.get(0) instanceof Long l ? l
                                : OperatorFunctions.decimal(a.get(0)).setScale(0, RoundingMode.CEILING))
                        .sql(a -> a.type(0) == Type.INTEGER ? "CAST(" + a.arg(0) + " AS bigint)"
                                : "ceil(" + OperatorFunctions.cast(a.arg(0), OperatorFunctions.pgType(a.type(0))) + ")"),
                function("abs").category("numbers")
                        .doc("abs(x)", "The absolute value, of the same type; `NUMBER_OVERFLOW` for the smallest 64-bit integer.",
                                "abs(-2.50) → 2.50")
                        .check(NumberFunctions::sameNumber)
                        .evaluate(a -> a.get(0) instanceof Double d ? (Object) Math.abs(d) : a.get(0) instanceof Long l ? (Object) absExact(l)
                                : OperatorFunctions.decimal(a.get(0)).abs())
                        .sql(a -> "abs(" + OperatorFunctions.cast(a.arg(0), OperatorFunctions.pgType(a.type(0))) + ")")
                        .guard(a -> a.type(0) == Type.INTEGER ? "(" + a.arg(0) + " IS NULL OR " + a.arg(0) + " <> "
                                + OperatorFunctions.MIN_LONG + ")" : null));
    }

    private static Type sameNumber(FunctionDef.CheckArgs a) {
        a.arity(1, 1);
        Type t = a.expectOneOf(0, Type.INTEGER, Type.DECIMAL, Type.FLOAT);
        return t == Type.NULL || t == Type.OTHER ? Type.DECIMAL : t;
    }

    private static long absExact(long l) {
        if (l == Long.MIN_VALUE) {
            throw new ExpressionException("NUMBER_OVERFLOW", "abs: the result is outside the 64-bit integer range");
        }
        return Math.abs(l);
    }

    // PostgreSQL's numeric round takes its digits as an int and clamps them to +-2000; the Java side does the same.
    private static final int MAX_DIGITS = 2000;

    private static String digits(String sql) {
        return "CAST(LEAST(GREATEST(" + sql + ", -" + MAX_DIGITS + "), " + MAX_DIGITS + ") AS integer)";
    }

    private static String roundSql(FunctionDef.SqlArgs a) {
        Type t = a.type(0);
        if (t == Type.FLOAT) {
            return "round(CAST(" + a.arg(0) + " AS double precision))";
        }
        if (t == Type.INTEGER && a.size() == 1) {
            return "CAST(" + a.arg(0) + " AS bigint)";
        }
        String rounded = "round(CAST(" + a.arg(0) + " AS numeric), " + (a.size() == 2 ? digits(a.arg(1)) : "0") + ")";
        return t == Type.INTEGER ? "CAST(" + rounded + " AS bigint)" : rounded;
    }

    private static Object round(Object x, long digits) {
        if (x instanceof Double d) {
            return Math.rint(d);
        }
        int scale = (int) Math.max(-MAX_DIGITS, Math.min(MAX_DIGITS, digits));
        BigDecimal rounded = OperatorFunctions.decimal(x).setScale(scale, RoundingMode.HALF_UP);
        if (scale < 0) {
            rounded = rounded.setScale(0);
        }
        if (x instanceof Long) {
            if (rounded.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new ExpressionException("NUMBER_OVERFLOW", "round: the result is outside the 64-bit integer range");
            }
            return rounded.longValue();
        }
        return rounded;
    }

    private static String decimalGuard(FunctionDef.SqlArgs a) {
        String x = a.arg(0);
        long precision = a.literalLong(1);
        long scale = a.literalLong(2);
        String limit = "1e" + (precision - scale);
        String fits = "abs(round(CAST(" + x + " AS numeric), " + scale + ")) < " + limit;
        if (a.type(0) == Type.STRING) {
            // The common case without a regular expression: digits with at most one point, few enough integer digits
            // that rounding cannot overflow.
            long room = precision - scale - 1;
            String digitsOnly = "translate(" + x + ", '0123456789', '')";
            String plain = room < 1 ? "" : " WHEN " + digitsOnly + " = '' AND length(" + x + ") BETWEEN 1 AND " + room
                    + " THEN TRUE WHEN " + digitsOnly + " = '.' AND length(" + x + ") > 1 AND strpos(" + x + ", '.') <= " + (room + 1)
                    + " THEN TRUE";
            return "CASE WHEN " + x + " IS NULL THEN TRUE" + plain + " WHEN " + x + " ~ '^" + SPACE
                    + "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?" + SPACE + "$' THEN " + fits + " ELSE FALSE END";
        }
        // A float may be NaN or infinite: neither lies strictly between the limits (NaN sorts above every number).
        return "CASE WHEN " + x + " IS NULL THEN TRUE WHEN " + x + " > -" + limit + " AND " + x + " < " + limit + " THEN " + fits
                + " ELSE FALSE END";
    }

    // PostgreSQL's numeric and integer input skip these around the digits (isspace), as Java's trim does.
    static final String SPACE = "[ \\t\\n\\r\\f\\v]*";

    /**
     * Text read as a number only when it is made of digits, {@code signs} and spaces alone, as Java reads numbers:
     * PostgreSQL would also take {@code NaN}, {@code Infinity} and (from version 16) {@code 1_000} or {@code 0x1A}.
     * Anything else fails through a cast that cannot succeed.
     */
    static String numberText(String value, String signs, String type) {
        return "CASE WHEN translate(" + value + ", E'0123456789" + signs + " \\t\\n\\r\\f\\v', '') = '' THEN CAST(" + value + " AS " + type
                + ") ELSE CAST(" + value + " || ' is not a number' AS " + type + ") END";
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
    }}
