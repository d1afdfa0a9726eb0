package com.platform.datamigration.mapping.expression;

/** Value types of the mapping expression language; catalog types map onto them via {@link #ofNormalized(String)}. */
public enum Type {
    STRING, INTEGER, DECIMAL, FLOAT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSON, BYTES,
    /** An array of text ({@code java.util.List<String>}, elements may be null): PostgreSQL's {@code text[]}. */
    ARRAY,
    /** The type of {@code null}: fits any. */
    NULL,
    /** A catalog type the language does not handle; passes through unchanged. */
    OTHER;

    public static Type ofNormalized(String normalized) {
        return switch (normalized) {
            case "STRING", "ENUM", "SET", "TIME", "INTERVAL" -> STRING;
            case "INT16", "INT32", "INT64" -> INTEGER;
            case "DECIMAL" -> DECIMAL;
            case "FLOAT32", "FLOAT64" -> FLOAT;
            case "BOOLEAN" -> BOOLEAN;
            case "DATE" -> DATE;
            case "TIMESTAMP" -> TIMESTAMP;
            case "TIMESTAMPTZ" -> TIMESTAMPTZ;
            case "UUID" -> UUID;
            case "JSON" -> JSON;
            case "BYTES" -> BYTES;
            default -> OTHER;
        };
    }

    public boolean numeric() {
        return this == INTEGER || this == DECIMAL || this == FLOAT;
    }

    /** Whether a value of this type may be used where {@code expected} is required. */
    public boolean fits(Type expected) {
        return this == expected || this == NULL || expected == OTHER || (expected.numeric() && numeric());
    }
}
