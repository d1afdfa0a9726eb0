package com.platform.datamigration.connection.check;

/**
 * One line of the privilege checklist.
 *
 * @param name   {@code CONNECT}, {@code READ_CATALOG}, {@code READ_SCHEMA} (with {@code schema}), or a
 *               {@code CDC_…} readiness check
 * @param schema the schema a {@code READ_SCHEMA} line is about, else {@code null}
 * @param detail what was found, in words (never a driver message)
 */
public record CheckItem(String name, String schema, boolean ok, String detail) {

    public static CheckItem of(String name, boolean ok, String detail) {
        return new CheckItem(name, null, ok, detail);
    }
}
