package com.platform.datamigration.runtime.sql;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB as sources: backquoted identifiers, untyped parameters (the server compares by the column), except
 * for the key columns whose text would not compare as their values do: binary strings travel as hex, ENUM, SET and BIT
 * columns as the number they are sorted by, and floating-point numbers with every digit.
 */
public final class MySqlDialect implements SqlDialect {

    static final MySqlDialect INSTANCE = new MySqlDialect();

    private static final Pattern BINARY = Pattern.compile("(var)?binary\\b.*|(tiny|medium|long)?blob\\b.*");
    private static final Pattern NUMBERED = Pattern.compile("(enum|set)\\s*\\(.*|bit\\b.*");
    private static final Pattern FLOATING = Pattern.compile("(float|double|real)\\b.*");

    private MySqlDialect() {
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /**
     * {@code ?}, which the server compares by the column's type and collation; {@code UNHEX(?)} for a binary string
     * and {@code CAST(? AS UNSIGNED)} for ENUM, SET and BIT, reading back {@link #keyText}: an ENUM or SET compared with
     * a string compares its labels alphabetically, not in the order of its definition that the column sorts by.
     */
    @Override
    public String parameter(String nativeType) {
        String type = type(nativeType);
        if (BINARY.matcher(type).matches()) {
            return "UNHEX(?)";
        }
        return NUMBERED.matcher(type).matches() ? "CAST(? AS UNSIGNED)" : "?";
    }

    /**
     * {@code CAST(… AS CHAR)}, with a binary string's bytes as {@code HEX} (as text of the connection's character set
     * they would be mangled), an ENUM's, SET's or BIT's number ({@code + 0}), which is how the column sorts, and a
     * floating-point number as a double ({@code + 0e0}), whose text keeps every digit (a FLOAT's own text keeps six,
     * so distinct keys would share a bound).
     */
    @Override
    public String keyText(String column, String nativeType) {
        String type = type(nativeType);
        if (BINARY.matcher(type).matches()) {
            return "HEX(" + quote(column) + ")";
        }
        String value = NUMBERED.matcher(type).matches() ? " + 0" : FLOATING.matcher(type).matches() ? " + 0e0" : "";
        return "CAST(" + quote(column) + value + " AS CHAR)";
    }

    private static String type(String nativeType) {
        return nativeType.toLowerCase(Locale.ROOT).trim();
    }

    @Override
    public String textLength(String column) {
        return "CHAR_LENGTH(" + quote(column) + ")";
    }
}
