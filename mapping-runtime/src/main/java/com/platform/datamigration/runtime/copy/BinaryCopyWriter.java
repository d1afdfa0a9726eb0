package com.platform.datamigration.runtime.copy;

import com.platform.datamigration.mapping.expression.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Encodes mapped rows in PostgreSQL's binary COPY format for the decode path: the target then takes fixed-width
 * integers, dates and timestamps as they are instead of parsing text for every value, and the worker does not format
 * them. Each column gets an encoder from its target type and the type its expression yields; a chunk whose columns
 * are not all covered is written as text. A value that does not fit its encoder ({@link Unencodable}) stops the
 * binary stream, and the chunk is written again as text, where the target's own conversion decides.
 */
public final class BinaryCopyWriter extends CopyWriter {

    /** The binary format's signature; the header is the signature, 32 bits of flags and an extension length (0). */
    public static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    public static final int HEADER_LENGTH = SIGNATURE.length + 8;
    static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400L;

    /** A value this writer cannot encode for its column; the chunk goes to text. */
    public static final class Unencodable extends RuntimeException {
        Unencodable(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind { INT2, INT4, INT8, NUMERIC, FLOAT8, TEXT, JSONB, DATE, TIMESTAMP, BOOL, UUID, TEXT_ARRAY }

    private final Kind[] kinds;

    private BinaryCopyWriter(Kind[] kinds) {
        this.kinds = kinds;
    }

    /**
     * A writer for these target column types ({@code format_type} spelling) fed by expressions of these types, or
     * null when one of the pairs is not covered.
     */
    public static BinaryCopyWriter forColumns(List<String> targetTypes, List<Type> expressionTypes) {
        Kind[] kinds = new Kind[targetTypes.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(targetTypes.get(i).toLowerCase(Locale.ROOT), expressionTypes.get(i));
            if (kinds[i] == null) {
                return null;
            }
        }
        return new BinaryCopyWriter(kinds);
    }

    private static Kind kind(String target, Type from) {
        String base = target.replaceAll("\\(.*\\)", "").trim();
        return switch (base) {
            case "smallint" -> from == Type.INTEGER ? Kind.INT2 : null;
            case "integer" -> from == Type.INTEGER ? Kind.INT4 : null;
            case "bigint" -> from == Type.INTEGER ? Kind.INT8 : null;
            case "numeric" -> from == Type.INTEGER || from == Type.DECIMAL ? Kind.NUMERIC : null;
            case "double precision" -> from == Type.FLOAT || from == Type.INTEGER ? Kind.FLOAT8 : null;
            case "text", "character varying", "character", "json" -> from == Type.STRING || from == Type.JSON ? Kind.TEXT : null;
            case "jsonb" -> from == Type.STRING || from == Type.JSON ? Kind.JSONB : null;
            case "date" -> from == Type.DATE ? Kind.DATE : null;
            case "timestamp without time zone", "timestamp with time zone" ->
                    from == Type.TIMESTAMP || from == Type.TIMESTAMPTZ ? Kind.TIMESTAMP : null;
            case "boolean" -> from == Type.BOOLEAN ? Kind.BOOL : null;
            case "uuid" -> from == Type.UUID || from == Type.STRING ? Kind.UUID : null;
            case "text[]" -> from == Type.ARRAY ? Kind.TEXT_ARRAY : null;
            default -> null;
        };
    }

    @Override
    public String options() {
        return " (FORMAT binary)";
    }

    @Override
    public void header() {
        put(SIGNATURE, 0, SIGNATURE.length);
        putInt(0);
        putInt(0);
    }

    @Override
    public void trailer() {
        put(TRAILER, 0, TRAILER.length);
    }

    @Override
    public void row(Object[] values) {
        int start = size();
        try {
            putShort(values.length);
            for (int i = 0; i < values.length; i++) {
                value(kinds[i], values[i]);
            }
        } catch (Unencodable e) {
            truncate(start);
            throw e;
        }
    }

    private void value(Kind kind, Object v) {
        if (v == null) {
            putInt(-1);
            return;
        }
        switch (kind) {
            case INT2 -> {
                putInt(2);
                putShort((int) integral(v, Short.MIN_VALUE, Short.MAX_VALUE));
            }
            case INT4 -> {
                putInt(4);
                putInt((int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            case INT8 -> {
                putInt(8);
                putLong(integral(v));
            }
            case NUMERIC -> numeric(v instanceof BigDecimal d ? d : v instanceof Long l ? BigDecimal.valueOf(l)
                    : v instanceof BigInteger b ? new BigDecimal(b) : unencodable(v));
            case FLOAT8 -> {
                if (!(v instanceof Double) && !(v instanceof Long)) {
                    unencodable(v);
                }
                putInt(8);
                putLong(Double.doubleToLongBits(((Number) v).doubleValue()));
            }
            case TEXT -> text(v instanceof String s ? s : unencodable(v), false);
            case JSONB -> text(v instanceof String s ? s : unencodable(v), true);
            case TEXT_ARRAY -> textArray(v instanceof List<?> list ? list : unencodable(v));
            case DATE -> {
                if (!(v instanceof LocalDate d)) {
                    throw new Unencodable("not a date");
                }
                long days = d.toEpochDay() - PG_EPOCH_DAY;
                if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
                    throw new Unencodable("date out of range");
                }
                putInt(4);
                putInt((int) days);
            }
            case TIMESTAMP -> {
                long seconds;
                int nanos;
                if (v instanceof LocalDateTime t) {
                    // Written in UTC, as the run's sessions read and write timestamps.
                    seconds = t.toEpochSecond(ZoneOffset.UTC);
                    nanos = t.getNano();
                } else if (v instanceof OffsetDateTime t) {
                    seconds = t.toEpochSecond();
                    nanos = t.getNano();
                } else {
                    throw new Unencodable("not a timestamp");
                }
                // Microseconds, rounded half to even as PostgreSQL rounds text input.
                long micros = nanos / 1000;
                int rest = nanos % 1000;
                if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
                    micros++;
                }
                long value;
                try {
                    value = Math.addExact(Math.multiplyExact(seconds - PG_EPOCH_SECOND, 1_000_000L), micros);
                } catch (ArithmeticException e) {
                    throw new Unencodable("timestamp out of range");
                }
                putInt(8);
                putLong(value);
            }
            case BOOL -> {
                if (!(v instanceof Boolean b)) {
                    throw new Unencodable("not a boolean");
                }
                putInt(1);
                putByte(b ? 1 : 0);
            }
            case UUID -> {
                java.util.UUID u;
                try {
                    u = v instanceof java.util.UUID x ? x : java.util.UUID.fromString(v.toString());
                } catch (IllegalArgumentException e) {
                    throw new Unencodable("not a uuid");
                }
                putInt(16);
                putLong(u.getMostSignificantBits());
                putLong(u.getLeastSignificantBits());
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static long integral(Object v, long min, long max) {
        long n = integral(v);
        if (n < min || n > max) {
            throw new Unencodable("out of the column's integer range");
        }
        return n;
    }

    private static long integral(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new Unencodable("not an integer");
            }
        }
        throw new Unencodable("not an integer");
    }

    private static <T> T unencodable(Object v) {
        throw new Unencodable("unexpected " + v.getClass().getSimpleName());
    }

    /** Text as UTF-8; NUL characters, which PostgreSQL text cannot hold, are dropped as the text path drops them. */
    private static final int TEXT_OID = 25;

    /**
     * A one-dimensional text array in array_send's form: dimensions (0 for an empty array), whether an element is
     * null, the element type, each dimension's length and lower bound (1), then each element length-prefixed (-1 for
     * null). Elements are checked before anything is written, so an unencodable one leaves no partial value.
     */
    private void textArray(List<?> list) {
        byte[][] elements = new byte[list.size()][];
        boolean nulls = false;
        int length = 12 + (list.isEmpty() ? 0 : 8);
        for (int i = 0; i < elements.length; i++) {
            Object e = list.get(i);
            if (e == null) {
                nulls = true;
                length += 4;
                continue;
            }
            String s = e instanceof String t ? t : unencodable(e);
            elements[i] = (s.indexOf('\0') >= 0 ? s.replace("\0", "") : s).getBytes(StandardCharsets.UTF_8);
            length += 4 + elements[i].length;
        }
        putInt(length);
        putInt(list.isEmpty() ? 0 : 1);
        putInt(nulls ? 1 : 0);
        putInt(TEXT_OID);
        if (!list.isEmpty()) {
            putInt(elements.length);
            putInt(1);
        }
        for (byte[] e : elements) {
            if (e == null) {
                putInt(-1);
            } else {
                putInt(e.length);
                put(e, 0, e.length);
            }
        }
    }

    private void text(String s, boolean jsonb) {
        byte[] bytes = (s.indexOf('\0') >= 0 ? s.replace("\0", "") : s).getBytes(StandardCharsets.UTF_8);
        int length = bytes.length + (jsonb ? 1 : 0);
        putInt(length);
        if (jsonb) {
            putByte(1);  // jsonb binary format version
        }
        put(bytes, 0, bytes.length);
    }

    /**
     * PostgreSQL's binary numeric: digit count, weight (of the first base-10000 digit), sign, display scale, then the
     * base-10000 digits; the target column's precision and scale are applied by the server as for text input.
     */
    private void numeric(BigDecimal d) {
        int sign = d.signum() < 0 ? 0x4000 : 0;
        BigDecimal a = d.abs();
        if (a.scale() < 0) {
            a = a.setScale(0);
        }
        int scale = a.scale();
        if (scale > 0x3FFF) {
            throw new Unencodable("scale too large");
        }
        if (a.precision() <= 18 && scale <= 14) {
            numericFromLong(a.unscaledValue().longValue(), scale, sign);
            return;
        }
        String digits = a.unscaledValue().toString();
        int intLength = digits.length() - scale;
        String intPart = intLength > 0 ? digits.substring(0, intLength) : "";
        String fracPart = intLength >= 0 ? digits.substring(intLength) : "0".repeat(-intLength) + digits;
        int intPad = (4 - intPart.length() % 4) % 4;
        int fracPad = (4 - fracPart.length() % 4) % 4;
        String all = "0".repeat(intPad) + intPart + fracPart + "0".repeat(fracPad);
        int groups = all.length() / 4;
        int weight = (intPad + intPart.length()) / 4 - 1;
        short[] base = new short[groups];
        for (int g = 0; g < groups; g++) {
            base[g] = (short) Integer.parseInt(all, g * 4, g * 4 + 4, 10);
        }
        putNumeric(base, groups, weight, sign, scale);
    }

    /** Writes base-10000 digits {@code groups[0..count)} (the first of weight {@code weight}) without zero groups at either end. */
    private void putNumeric(short[] groups, int count, int weight, int sign, int scale) {
        int first = 0;
        while (first < count && groups[first] == 0) {
            first++;
            weight--;
        }
        int last = count;
        while (last > first && groups[last - 1] == 0) {
            last--;
        }
        int n = last - first;
        if (n == 0) {
            weight = 0;
            sign = 0;
        }
        putInt(8 + 2 * n);
        putShort(n);
        putShort(weight);
        putShort(sign);
        putShort(scale);
        for (int g = first; g < last; g++) {
            putShort(groups[g]);
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** {@link #numeric} for an unscaled value that fits a long (up to 18 digits, scale up to 14): no text on the way. */
    private void numericFromLong(long unscaled, int scale, int sign) {
        long integer = unscaled / POW10[scale];
        int fracGroups = (scale + 3) / 4;
        long fraction = (unscaled % POW10[scale]) * POW10[fracGroups * 4 - scale];
        short[] groups = new short[5 + fracGroups];
        int intGroups = 0;
        for (long v = integer; v > 0; v /= 10_000) {
            intGroups++;
        }
        long v = integer;
        for (int g = intGroups - 1; g >= 0; g--) {
            groups[g] = (short) (v % 10_000);
            v /= 10_000;
        }
        for (int g = fracGroups - 1; g >= 0; g--) {
            groups[intGroups + g] = (short) (fraction % 10_000);
            fraction /= 10_000;
        }
        putNumeric(groups, intGroups + fracGroups, intGroups - 1, sign, scale);
    }
}
