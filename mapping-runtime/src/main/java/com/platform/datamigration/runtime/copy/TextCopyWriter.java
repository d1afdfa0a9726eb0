package com.platform.datamigration.runtime.copy;

import com.platform.datamigration.runtime.value.ValueText;
import java.nio.charset.StandardCharsets;

/**
 * Rows in PostgreSQL's text {@code COPY} format, for target types the binary writer does not encode: each value as
 * {@link ValueText#of(Object)} writes it, escaped, {@code \N} for null. NUL characters, which PostgreSQL text cannot
 * hold, are dropped.
 */
public final class TextCopyWriter extends CopyWriter {

    private final StringBuilder line = new StringBuilder();

    @Override
    public String options() {
        return "";
    }

    @Override
    public void row(Object[] values) {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            append(line, values[i]);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        put(bytes, 0, bytes.length);
    }

    private static void append(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        String s = ValueText.of(v);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { }
                default -> out.append(c);
            }
        }
    }
}
