package com.platform.datamigration.mapping.expression;

/**
 * An expression that does not parse or type-check ({@code code} starting with {@code INVALID_}), or a value it
 * cannot convert ({@code UNPARSEABLE_DATE}, {@code UNPARSEABLE_NUMBER}, {@code NUMBER_OVERFLOW}, …). The message
 * names the position or the function, never more of the value than needed.
 */
public class ExpressionException extends RuntimeException {

    private final String code;

    public ExpressionException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
