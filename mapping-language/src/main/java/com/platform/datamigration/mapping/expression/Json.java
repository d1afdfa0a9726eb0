package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict JSON reader (RFC 8259) that reads a document as PostgreSQL's {@code jsonb} does: the same text is refused
 * ({@code \u0000}, a lone surrogate, a number outside {@code numeric}'s range, whitespace other than space, tab, line
 * feed and carriage return), an object keeps the last value of a key given twice and orders its keys as {@code jsonb}
 * does (shorter first, then by their bytes), and a value is written back in {@code jsonb}'s text form.
 *
 * <p>Values: {@link Map} (ordered as jsonb orders keys), {@link List}, {@link String}, {@link BigDecimal} (the value
 * {@code numeric} keeps: a scale below zero is raised to zero), {@link Boolean} and {@link #NULL}.
 */
final class Json {

    /** JSON's null (a Java null is a missing value). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** jsonb's key order: by length in UTF-8 bytes, then byte by byte (which is code point order). */
    static final Comparator<String> KEY_ORDER = Comparator.comparingInt(Json::utf8Length).thenComparing(Json::compareCodePoints);

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** The document's value; {@code INVALID_JSON} when it is not one PostgreSQL's jsonb takes. */
    static Object parse(String text) {
        Json p = new Json(text);
        p.space();
        Object v;
        try {
            v = p.value();
        } catch (StackOverflowError e) {
            // PostgreSQL too refuses a document nested deeper than its stack allows (max_stack_depth).
            throw new ExpressionException("INVALID_JSON", "the value is not valid JSON this engine reads (nested too deeply)");
        }
        p.space();
        if (p.at != text.length()) {
            throw p.invalid("text after the value");
        }
        return v;
    }

    private Object value() {
        if (at >= text.length()) {
            throw invalid("a value is missing");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid("unexpected character");
        }
    }

    private Object object() {
        at++;
        Map<String, Object> out = new TreeMap<>(KEY_ORDER);
        space();
        if (peek() == '}') {
            at++;
            return out;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw invalid("an object key must be a string");
            }
            String key = string();
            space();
            expect(':');
            space();
            out.put(key, value());
            space();
            char c = peek();
            at++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw invalid("expected , or }");
            }
        }
    }

    private Object array() {
        at++;
        List<Object> out = new ArrayList<>();
        space();
        if (peek() == ']') {
            at++;
            return out;
        }
        while (true) {
            space();
            out.add(value());
            space();
            char c = peek();
            at++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw invalid("expected , or ]");
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw invalid("a string is not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw invalid("a control character in a string must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw invalid("a string is not closed");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int u = hex4();
                    if (u == 0) {
                        throw invalid("\\u0000 is not allowed");
                    }
                    if (Character.isHighSurrogate((char) u)) {
                        if (!text.startsWith("\\u", at)) {
                            throw invalid("a low surrogate must follow a high surrogate");
                        }
                        at += 2;
                        int low = hex4();
                        if (!Character.isLowSurrogate((char) low)) {
                            throw invalid("a low surrogate must follow a high surrogate");
                        }
                        out.append((char) u).append((char) low);
                    } else if (Character.isLowSurrogate((char) u)) {
                        throw invalid("a low surrogate must follow a high surrogate");
                    } else {
                        out.append((char) u);
                    }
                }
                default -> throw invalid("an unknown escape in a string");
            }
        }
    }

    private int hex4() {
        if (at + 4 > text.length()) {
            throw invalid("\\u needs four hexadecimal digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at + i), 16);
            if (d < 0 || text.charAt(at + i) > 'f') {
                throw invalid("\\u needs four hexadecimal digits");
            }
            v = v * 16 + d;
        }
        at += 4;
        return v;
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw invalid("unexpected character");
        }
        at += word.length();
        if (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
            throw invalid("unexpected character");
        }
        return value;
    }

    // numeric's limits: a dscale of at most 16383 digits, a weight of at most 32767 base-10000 digits, and an exponent
    // PostgreSQL refuses before looking further when it is INT_MAX / 2 or beyond.
    private static final int MAX_DSCALE = 16383;
    private static final int MAX_DECIMAL_WEIGHT = 4 * 32767 + 3;
    private static final long MAX_EXPONENT = Integer.MAX_VALUE / 2;

    private BigDecimal number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int intStart = at;
        if (peek() == '0') {
            at++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                at++;
            }
        } else {
            throw invalid("a number needs digits");
        }
        String digits = text.substring(intStart, at);
        String fraction = "";
        if (peek() == '.') {
            at++;
            int f = at;
            while (isDigit(peek())) {
                at++;
            }
            if (at == f) {
                throw invalid("a number needs digits after its point");
            }
            fraction = text.substring(f, at);
        }
        long exponent = 0;
        if (peek() == 'e' || peek() == 'E') {
            at++;
            boolean negative = false;
            if (peek() == '+' || peek() == '-') {
                negative = peek() == '-';
                at++;
            }
            int e = at;
            while (isDigit(peek())) {
                at++;
            }
            if (at == e) {
                throw invalid("a number needs digits in its exponent");
            }
            String exp = text.substring(e, at).replaceFirst("^0+(?=.)", "");
            if (exp.length() > 10) {
                throw overflow();
            }
            exponent = Long.parseLong(exp) * (negative ? -1 : 1);
        }
        if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            throw invalid("unexpected character in a number");
        }
        if (exponent >= MAX_EXPONENT || exponent <= -MAX_EXPONENT) {
            throw overflow();
        }
        BigInteger unscaled = new BigInteger(text.substring(start, intStart) + digits + fraction);
        long scale = fraction.length() - exponent;
        if (Math.max(0, scale) > MAX_DSCALE) {
            throw overflow();
        }
        BigDecimal d = new BigDecimal(unscaled, (int) scale);
        if (unscaled.signum() != 0 && d.precision() - 1 - scale > MAX_DECIMAL_WEIGHT) {
            throw overflow();
        }
        return scale < 0 ? d.setScale(0) : d;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw invalid("expected " + c);
        }
        at++;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private ExpressionException invalid(String why) {
        return new ExpressionException("INVALID_JSON", "the value is not valid JSON (" + why + " at character " + (at + 1) + ")");
    }

    private static ExpressionException overflow() {
        return new ExpressionException("INVALID_JSON", "the value is not valid JSON (a number outside PostgreSQL's numeric range)");
    }

    /**
     * The value at a path as PostgreSQL's {@code #>} finds it: an object's key by its text; an array's element by the
     * text read as a 32-bit integer (spaces before it and a sign allowed, negative counting from the end); null when
     * there is none or a scalar is in the way.
     */
    static Object at(Object value, List<String> path) {
        Object v = value;
        for (String step : path) {
            if (v instanceof Map<?, ?> object) {
                v = object.get(step);
            } else if (v instanceof List<?> array) {
                Integer index = strtoint(step);
                if (index == null) {
                    return null;
                }
                long i = index < 0 ? (long) array.size() + index : index;
                v = i < 0 || i >= array.size() ? null : array.get((int) i);
            } else {
                return null;
            }
            if (v == null) {
                return null;
            }
        }
        return v;
    }

    /** C's strtol into an int over the whole text, as PostgreSQL reads an array index: null when it does not read. */
    private static Integer strtoint(String s) {
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        int signAt = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits || i != s.length()) {
            return null;
        }
        try {
            return Integer.parseInt(s.substring(signAt));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value in jsonb's text form: {@code {"a": 1, "b": [true, null]}}. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : object.entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                quote((String) e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(array.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else {
            out.append(value);
        }
    }

    /** PostgreSQL's escape_json. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
