package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic operators {@code + - * / %} and the unary minus ({@code neg}), with SQL's rules: integers are 64-bit
 * and overflow is {@code NUMBER_OVERFLOW}, an integer and a decimal give a decimal computed exactly as PostgreSQL's
 * numeric does (its division picks the same scale), a float makes the result a float (double precision, whose
 * overflow and underflow are errors as in PostgreSQL), and a date plus or minus a whole number of days is a date.
 */
final class OperatorFunctions {

    private OperatorFunctions() {
    }

    static final String MIN_LONG = "-9223372036854775808";
    static final String MAX_LONG = "9223372036854775807";
    private static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);
    private static final long DATE_SPAN = ChronoUnit.DAYS.between(FIRST_DATE, LAST_DATE);
    private static final String DATE_RANGE = "BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'";

    /** How an operator's operands are read: as bigint, numeric or double precision, or as a date and days. */
    enum Kind {
        INTEGER("bigint"), DECIMAL("numeric"), FLOAT("double precision"), DATE_DAYS("date"), DAYS_DATE("date"), DATE_DATE("integer");

        final String pgType;

        Kind(String pgType) {
            this.pgType = pgType;
        }
    }

    static List<FunctionDef> all() {
        return List.of(
                binary("+", "a + b", "The sum. Integers give a 64-bit integer (`NUMBER_OVERFLOW` beyond it), an integer and a decimal "
                        + "an exact decimal, a float a float; a date plus a whole number of days (either way round) is a date "
                        + "(`DATE_OUT_OF_RANGE` outside years 1 to 9999).", "2 + 3.50 → 5.50"),
                binary("-", "a - b", "The difference, with the same types as `+`; a date minus a whole number of days is a date, "
                        + "a date minus a date the number of days between them.", "10 - 12 → -2"),
                binary("*", "a * b", "The product: integers give a 64-bit integer (`NUMBER_OVERFLOW` beyond it), decimals an exact "
                        + "decimal (the scales add up), a float a float.", "1.5 * 1.5 → 2.25"),
                binary("/", "a / b", "The quotient. Integers divide to a whole number, truncated toward zero; with a decimal the "
                        + "scale is PostgreSQL numeric's (at least 16 significant digits, at least either operand's scale), "
                        + "rounded half away from zero; floats divide as floats. Division by zero is `DIVISION_BY_ZERO`.",
                        "1 / 3.0 → 0.33333333333333333333"),
                binary("%", "a % b", "The remainder of integers or decimals, with the sign of `a` (as PostgreSQL's `%`); by zero "
                        + "is `DIVISION_BY_ZERO`. Not for floats.", "-7 % 3 → -1"),
                function("neg").category("operators")
                        .doc("neg(x)", "Minus `x` (what `-x` means): `NUMBER_OVERFLOW` for the smallest 64-bit integer.", "neg(2.50) → -2.50")
                        .check(a -> {
                            a.arity(1, 1);
                            Type t = a.expectOneOf(0, Type.INTEGER, Type.DECIMAL, Type.FLOAT);
                            return t == Type.NULL || t == Type.OTHER ? Type.INTEGER : t;
                        })
                        .evaluate(a -> negate(a.get(0)))
                        .sql(a -> "(-" + cast(a.arg(0), a.type(0) == Type.NULL ? "bigint" : pgType(a.type(0))) + ")")
                        .guard(a -> a.type(0) == Type.INTEGER || a.type(0) == Type.NULL
                                ? "(" + a.arg(0) + " IS NULL OR " + a.arg(0) + " <> " + MIN_LONG + ")" : null));
    }

    private static FunctionDef binary(String op, String signature, String summary, String example) {
        return function(op).category("operators")
                .doc(signature, summary, example)
                .check(a -> {
                    a.arity(2, 2);
                    Kind kind = kind(op, a.type(0), a.type(1));
                    for (int i = 0; kind == Kind.FLOAT && i < 2; i++) {
                        // PostgreSQL converts a constant when it plans the query, even for rows where the other side is null.
                        if (a.raw(i) instanceof Expr.Literal l && l.value() instanceof BigDecimal d) {
                            try {
                                toDouble(d);
                            } catch (ExpressionException e) {
                                throw new ExpressionException("INVALID_ARGUMENTS", op + ": the number " + (i + 1) + " is beyond the float range");
                            }
                        }
                    }
                    return resultType(kind);
                })
                .evaluate(a -> apply(op, a.get(0), a.get(1)))
                .sql(a -> sql(op, kind(op, a.type(0), a.type(1)), a.arg(0), a.arg(1)))
                .trusted(a -> trusted(op, kind(op, a.type(0), a.type(1)), a.arg(0), a.arg(1)))
                .guard(a -> guard(op, kind(op, a.type(0), a.type(1)), a.arg(0), a.arg(1), a.type(0), a.type(1)));
    }

    /** How {@code x op y} computes; {@code INVALID_TYPE} when the operands do not go together. */
    static Kind kind(String op, Type x, Type y) {
        boolean xNum = x.numeric() || x == Type.NULL || x == Type.OTHER;
        boolean yNum = y.numeric() || y == Type.NULL || y == Type.OTHER;
        if (("+".equals(op) || "-".equals(op)) && (x == Type.DATE || y == Type.DATE)) {
            if (x == Type.DATE && (y == Type.INTEGER || y == Type.NULL)) {
                return Kind.DATE_DAYS;
            }
            if ("+".equals(op) && y == Type.DATE && (x == Type.INTEGER || x == Type.NULL)) {
                return Kind.DAYS_DATE;
            }
            if ("-".equals(op) && y == Type.DATE && (x == Type.DATE || x == Type.NULL)) {
                return Kind.DATE_DATE;
            }
        } else if (xNum && yNum) {
            if (x == Type.FLOAT || y == Type.FLOAT) {
                if ("%".equals(op)) {
                    throw new ExpressionException("INVALID_TYPE", "% takes integers or decimals, not floats");
                }
                return Kind.FLOAT;
            }
            return x == Type.DECIMAL || y == Type.DECIMAL ? Kind.DECIMAL : Kind.INTEGER;
        }
        throw new ExpressionException("INVALID_TYPE", op + " takes numbers" + ("+".equals(op) || "-".equals(op)
                ? " (or a date and a whole number of days" + ("-".equals(op) ? ", or two dates" : "") + ")" : "") + ", not "
                + name(x) + " and " + name(y));
    }

    private static String name(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static Type resultType(Kind kind) {
        return switch (kind) {
            case INTEGER, DATE_DATE -> Type.INTEGER;
            case DECIMAL -> Type.DECIMAL;
            case FLOAT -> Type.FLOAT;
            default -> Type.DATE;
        };
    }

    static String pgType(Type t) {
        return switch (t) {
            case DECIMAL -> "numeric";
            case FLOAT -> "double precision";
            case DATE -> "date";
            default -> "bigint";
        };
    }

    static String cast(String sql, String type) {
        return "CAST(" + sql + " AS " + type + ")";
    }

    // ---- Java ----

    static Object apply(String op, Object x, Object y) {
        if (x instanceof java.sql.Date d) {
            x = d.toLocalDate();
        }
        if (y instanceof java.sql.Date d) {
            y = d.toLocalDate();
        }
        if (x instanceof LocalDate || y instanceof LocalDate) {
            return dates(op, x, y);
        }
        if (x instanceof Double || y instanceof Double) {
            return floats(op, toDouble(x), toDouble(y));
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            return decimals(op, decimal(x), decimal(y));
        }
        return integers(op, (Long) x, (Long) y);
    }

    private static Object dates(String op, Object x, Object y) {
        if (x instanceof LocalDate a && y instanceof LocalDate b) {
            return ChronoUnit.DAYS.between(b, a);
        }
        LocalDate date = x instanceof LocalDate a ? a : (LocalDate) y;
        long days = x instanceof LocalDate ? (Long) y : (Long) x;
        if (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE) || days < -DATE_SPAN || days > DATE_SPAN) {
            throw dateOutOfRange(op);
        }
        LocalDate out = "-".equals(op) ? date.minusDays(days) : date.plusDays(days);
        if (out.isBefore(FIRST_DATE) || out.isAfter(LAST_DATE)) {
            throw dateOutOfRange(op);
        }
        return out;
    }

    private static ExpressionException dateOutOfRange(String op) {
        return new ExpressionException("DATE_OUT_OF_RANGE", op + ": the date falls outside the years 1 to 9999");
    }

    private static Long integers(String op, long x, long y) {
        try {
            return switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "/" -> {
                    if (y == 0) {
                        throw divisionByZero(op);
                    }
                    if (x == Long.MIN_VALUE && y == -1) {
                        throw new ArithmeticException();
                    }
                    yield x / y;
                }
                default -> {
                    if (y == 0) {
                        throw divisionByZero(op);
                    }
                    yield x % y;
                }
            };
        } catch (ArithmeticException e) {
            throw overflow(op);
        }
    }

    static ExpressionException overflow(String op) {
        return new ExpressionException("NUMBER_OVERFLOW", op + ": the result is outside the 64-bit integer range");
    }

    static ExpressionException divisionByZero(String op) {
        return new ExpressionException("DIVISION_BY_ZERO", op + ": division by zero");
    }

    private static BigDecimal decimals(String op, BigDecimal x, BigDecimal y) {
        switch (op) {
            case "+":
                return x.add(y);
            case "-":
                return x.subtract(y);
            case "*":
                return x.multiply(y);
            case "/":
                if (y.signum() == 0) {
                    throw divisionByZero(op);
                }
                return x.divide(y, divisionScale(x, y), RoundingMode.HALF_UP);
            default:
                if (y.signum() == 0) {
                    throw divisionByZero(op);
                }
                return x.remainder(y).setScale(Math.max(x.scale(), y.scale()), RoundingMode.UNNECESSARY);
        }
    }

    /**
     * PostgreSQL numeric's choice of a quotient's scale (select_div_scale): enough for 16 significant digits, estimated
     * from the operands' leading base-10000 digits, and not less than either operand's scale; at most 1000.
     */
    static int divisionScale(BigDecimal x, BigDecimal y) {
        int[] a = leading(x);
        int[] b = leading(y);
        int qweight = a[0] - b[0];
        if (a[1] <= b[1]) {
            qweight--;
        }
        int scale = 16 - qweight * 4;
        scale = Math.max(scale, Math.max(x.scale(), y.scale()));
        return Math.min(Math.max(scale, 0), 1000);
    }

    /** The weight (power of 10000) of a number's leading base-10000 digit, and that digit; 0 and 0 for zero. */
    private static int[] leading(BigDecimal x) {
        if (x.signum() == 0) {
            return new int[] {0, 0};
        }
        BigDecimal abs = x.abs();
        int exponent = abs.precision() - abs.scale() - 1;  // abs lies in [10^exponent, 10^(exponent+1))
        int weight = Math.floorDiv(exponent, 4);
        int digit = abs.movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValueExact();
        return new int[] {weight, digit};
    }

    private static Double floats(String op, double x, double y) {
        double r;
        switch (op) {
            case "+":
                r = x + y;
                if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                    throw floatOverflow(op);
                }
                return r;
            case "-":
                r = x - y;
                if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                    throw floatOverflow(op);
                }
                return r;
            case "*":
                r = x * y;
                if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)
                        || r == 0 && x != 0 && y != 0) {
                    throw floatOverflow(op);
                }
                return r;
            default:
                if (y == 0 && !Double.isNaN(x)) {
                    throw divisionByZero(op);
                }
                r = x / y;
                if (Double.isInfinite(r) && !Double.isInfinite(x) || r == 0 && x != 0 && !Double.isInfinite(y)) {
                    throw floatOverflow(op);
                }
                return r;
        }
    }

    private static ExpressionException floatOverflow(String op) {
        return new ExpressionException("NUMBER_OVERFLOW", op + ": the result is out of the float range");
    }

    static Object negate(Object x) {
        if (x instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw overflow("neg");
            }
            return -l;
        }
        if (x instanceof Double d) {
            return -d;
        }
        return decimal(x).negate();
    }

    /** A number as a decimal of a scale of at least 0 (as PostgreSQL's numeric has). */
    static BigDecimal decimal(Object x) {
        BigDecimal d = x instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) x).longValue());
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** A number as a double, as PostgreSQL casts it (a decimal beyond the float range is {@code NUMBER_OVERFLOW}). */
    static double toDouble(Object x) {
        if (x instanceof Double d) {
            return d;
        }
        if (x instanceof Long l) {
            return (double) l;
        }
        BigDecimal d = (BigDecimal) x;
        double v = Double.parseDouble(d.toString());
        if (Double.isInfinite(v) || v == 0 && d.signum() != 0) {
            throw new ExpressionException("NUMBER_OVERFLOW", "the decimal is out of the float range");
        }
        return v;
    }

    // ---- SQL ----

    private static String operand(Kind kind, String sql, boolean first) {
        return switch (kind) {
            case INTEGER, DECIMAL, FLOAT -> cast(sql, kind.pgType);
            case DATE_DAYS -> cast(sql, first ? "date" : "bigint");
            case DAYS_DATE -> cast(sql, first ? "bigint" : "date");
            default -> cast(sql, "date");
        };
    }

    private static String sql(String op, Kind kind, String x, String y) {
        if (kind == Kind.DATE_DAYS || kind == Kind.DAYS_DATE) {
            String date = kind == Kind.DATE_DAYS ? operand(kind, x, true) : operand(kind, y, false);
            String days = kind == Kind.DATE_DAYS ? operand(kind, y, false) : operand(kind, x, true);
            // Years 1 to 9999 only, on both sides; the error names the values, so it is null when one of them is.
            return "CASE WHEN " + dateFits(op, date, days) + " THEN (" + date + " " + op + " CAST(" + days + " AS integer)) ELSE CAST(CAST("
                    + date + " AS text) || CAST(" + days + " AS text) || ' out of range' AS date) END";
        }
        return "(" + operand(kind, x, true) + " " + op + " " + operand(kind, y, false) + ")";
    }

    /** The date and the result in years 1 to 9999, computed in days from 0001-01-01 (so never beyond PostgreSQL's dates). */
    private static String dateFits(String op, String date, String days) {
        return "(" + date + " " + DATE_RANGE + " AND " + days + " BETWEEN -" + DATE_SPAN + " AND " + DATE_SPAN + " AND CAST(" + date
                + " - DATE '0001-01-01' AS numeric) " + op + " " + days + " BETWEEN 0 AND " + DATE_SPAN + ")";
    }

    private static String trusted(String op, Kind kind, String x, String y) {
        if (kind == Kind.DATE_DAYS || kind == Kind.DAYS_DATE) {
            String date = kind == Kind.DATE_DAYS ? operand(kind, x, true) : operand(kind, y, false);
            String days = kind == Kind.DATE_DAYS ? operand(kind, y, false) : operand(kind, x, true);
            return "(" + date + " " + op + " CAST(" + days + " AS integer))";
        }
        return sql(op, kind, x, y);
    }

    private static String guard(String op, Kind kind, String x, String y, Type tx, Type ty) {
        String nulls = "(" + x + ") IS NULL OR (" + y + ") IS NULL";
        switch (kind) {
            case DATE_DATE:
                return null;
            case DATE_DAYS:
            case DAYS_DATE: {
                String date = kind == Kind.DATE_DAYS ? operand(kind, x, true) : operand(kind, y, false);
                String days = kind == Kind.DATE_DAYS ? operand(kind, y, false) : operand(kind, x, true);
                return "CASE WHEN " + nulls + " THEN TRUE WHEN " + date + " " + DATE_RANGE + " AND " + days + " BETWEEN -" + DATE_SPAN
                        + " AND " + DATE_SPAN + " THEN CAST(" + date + " - DATE '0001-01-01' AS bigint) " + op + " " + days + " BETWEEN 0 AND "
                        + DATE_SPAN + " ELSE FALSE END";
            }
            case INTEGER: {
                String a = cast(x, "bigint");
                String b = cast(y, "bigint");
                return switch (op) {
                    case "+", "-", "*" -> "CASE WHEN " + nulls + " THEN TRUE ELSE (" + cast(a, "numeric") + " " + op + " " + cast(b, "numeric")
                            + ") BETWEEN " + MIN_LONG + " AND " + MAX_LONG + " END";
                    case "/" -> "CASE WHEN " + nulls + " THEN TRUE ELSE " + b + " <> 0 AND NOT (" + a + " = " + MIN_LONG + " AND " + b
                            + " = -1) END";
                    default -> "CASE WHEN " + nulls + " THEN TRUE ELSE " + b + " <> 0 END";
                };
            }
            case DECIMAL:
                return "/".equals(op) || "%".equals(op) ? "CASE WHEN " + nulls + " THEN TRUE ELSE " + cast(y, "numeric") + " <> 0 END" : null;
            default:
                return floatGuard(op, x, y, tx, ty);
        }
    }

    // ---- float guards: exact, computed on operands scaled by powers of two so that nothing overflows or underflows ----

    private static final String FLOAT_MAX = Double.toString(Double.MAX_VALUE);
    // A decimal rounds to an infinite double from this magnitude on, and to zero up to the second (both exact).
    private static final String DECIMAL_TO_INFINITY = new BigDecimal(BigInteger.TWO.pow(1024).subtract(BigInteger.TWO.pow(970))).toPlainString();
    private static final String DECIMAL_TO_ZERO = BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow(1075))).toPlainString();

    static String pow2(int k) {
        return "CAST('" + Double.toString(Math.scalb(1.0, k)) + "' AS double precision)";
    }

    private static String f(double v) {
        return "CAST('" + Double.toString(v) + "' AS double precision)";
    }

    /** A decimal converts to a double without an error. */
    static String decimalToFloatFits(String x) {
        String n = cast(x, "numeric");
        return "(" + n + " IS NULL OR (abs(" + n + ") < " + DECIMAL_TO_INFINITY + " AND (" + n + " = 0 OR abs(" + n + ") > " + DECIMAL_TO_ZERO + ")))";
    }

    private static String floatGuard(String op, String xs, String ys, Type tx, Type ty) {
        String x = cast(xs, "double precision");
        String y = cast(ys, "double precision");
        String ax = "abs(" + x + ")";
        String ay = "abs(" + y + ")";
        String special = "(" + ax + " >= 'Infinity'::float8)";  // infinite or NaN (NaN sorts above every number)
        String specialY = "(" + ay + " >= 'Infinity'::float8)";
        String own = switch (op) {
            case "+", "-" -> "CASE WHEN " + x + " IS NULL OR " + y + " IS NULL THEN TRUE WHEN " + ax + " < 1e290 OR " + ay
                    + " < 1e290 OR " + special + " OR " + specialY + " THEN TRUE ELSE abs(" + x + " / 4 " + op + " " + y + " / 4) <= "
                    + f(Double.MAX_VALUE / 4) + " END";
            case "*" -> "CASE WHEN " + x + " IS NULL OR " + y + " IS NULL THEN TRUE WHEN " + x + " = 0 OR " + y + " = 0 OR " + special
                    + " OR " + specialY + " THEN TRUE WHEN " + ax + " > 1 AND " + ay + " > 1 THEN (" + ax + " <= " + pow2(511) + " AND " + ay
                    + " <= " + pow2(511) + ") OR abs((" + x + " * " + pow2(-600) + ") * (" + y + " * " + pow2(-600) + ")) <= " + f(Math.scalb(Double.MAX_VALUE, -1200))
                    + " WHEN " + ax + " < 1 AND " + ay + " < 1 THEN (" + ax + " >= " + pow2(-511) + " AND " + ay + " >= " + pow2(-511)
                    + ") OR abs((" + x + " * " + pow2(537) + ") * (" + y + " * " + pow2(537) + ")) > 0.5 ELSE TRUE END";
            default -> "CASE WHEN " + x + " IS NULL OR " + y + " IS NULL THEN TRUE WHEN " + y + " = 0 THEN " + x + " = 'NaN'::float8"
                    + " WHEN " + x + " = 0 OR " + special + " OR " + specialY + " THEN TRUE"
                    // overflow: only when |y| < 1
                    + " WHEN " + ay + " < 1 AND NOT (" + ay + " >= " + pow2(-511) + " AND " + ax + " <= " + pow2(511) + ") THEN " + ax + " < "
                    + ay + " * " + pow2(1000) + " OR abs((" + x + " * " + pow2(-600) + ") / (" + y + " * " + pow2(600) + ")) <= "
                    + f(Math.scalb(Double.MAX_VALUE, -1200))
                    // underflow: only when |x| < |y| and |y| > 1 (for |y| <= 1 the quotient is at least |x|)
                    + " WHEN " + ay + " > 1 AND " + ax + " < " + ay + " AND (" + ax + " < " + pow2(-511) + " OR " + ay + " > " + pow2(511)
                    + ") THEN " + ax + " > " + ay + " * " + pow2(-1000) + " OR abs((" + x + " * " + pow2(600) + ") / (" + y + " * "
                    + pow2(-600) + ")) > " + pow2(125) + " ELSE TRUE END";
        };
        String conversions = Functions.all(java.util.Arrays.asList(tx == Type.DECIMAL ? decimalToFloatFits(xs) : null,
                ty == Type.DECIMAL ? decimalToFloatFits(ys) : null));
        return conversions == null ? own : "CASE WHEN " + conversions + " THEN " + own + " ELSE FALSE END";
    }
}
