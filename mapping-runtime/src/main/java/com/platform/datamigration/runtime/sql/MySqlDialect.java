package com.platform.datamigration.runtime.sql;

/** MySQL and MariaDB as sources: backquoted identifiers, untyped parameters (the server compares by the column). */
public final class MySqlDialect implements SqlDialect {

    static final MySqlDialect INSTANCE = new MySqlDialect();

    private MySqlDialect() {
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String parameter(String nativeType) {
        return "?";
    }

    @Override
    public String textLength(String column) {
        return "CHAR_LENGTH(" + quote(column) + ")";
    }
}
