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
                                + a.arg(0) + " AS numeric) BETWEEN -9223372036854775808 AND 9223372036854775807 ELSE FALSE END"));
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
