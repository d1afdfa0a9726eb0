package com.platform.datamigration.contracts;

/** Engines a source connection may point at. New engines are added as values; none is ever removed. */
public enum DatabaseType {
    POSTGRESQL,
    MYSQL,
    MARIADB
}
