package com.platform.datamigration.runtime.value;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A mapped value as PostgreSQL reads it back from text: booleans {@code t}/{@code f}, decimals without exponent,
 * timestamps in ISO form, bytes as {@code \x…} hex. Used wherever a value goes to the target as text (text COPY,
 * parameters cast on the server, lookup keys), so every path hands the target the same text.
 */
public final class ValueText {

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private ValueText() {
    }

    /** The value's text; {@code v} must not be null. */
    public static String of(Object v) {
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        } else if (v instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (v instanceof LocalDateTime t) {
            return TS.format(t);
        } else if (v instanceof OffsetDateTime t) {
            return t.toString();
        } else if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("\\x");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } else if (v instanceof java.util.List<?> array) {
            return arrayLiteral(array);
        }
        return v.toString();
    }

    /**
     * An array of text as PostgreSQL's array input reads it: {@code {"a","b\"c",NULL}}, every element quoted (so an
     * element {@code NULL}, or one with a comma or a brace, stays itself), {@code {}} when empty.
     */
    private static String arrayLiteral(java.util.List<?> array) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < array.size(); i++) {
            Object e = array.get(i);
            out.append(i == 0 ? "" : ",");
            if (e == null) {
                out.append("NULL");
            } else {
                out.append('"').append(e.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.append('}').toString();
    }

    /**
     * A value bound as a parameter that the statement casts to the column's type: null, booleans and bytes as they are
     * (the driver sends them typed), everything else as its text.
     */
    public static Object parameter(Object v) {
        return v == null || v instanceof Boolean || v instanceof byte[] ? v : of(v);
    }
}
