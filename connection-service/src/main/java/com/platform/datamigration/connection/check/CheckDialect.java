package com.platform.datamigration.connection.check;

import com.platform.datamigration.contracts.DatabaseType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** The privilege checklist of one family of engines, read over a connection that just opened. */
interface CheckDialect {

    boolean supports(DatabaseType type);

    /** Catalog, each schema's tables, CDC readiness. */
    List<CheckItem> checklist(Connection connection, Duration queryTimeout) throws SQLException;
}
