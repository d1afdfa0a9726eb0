package com.platform.datamigration.run.planning;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.runtime.sql.SqlDialect;

/** MySQL and MariaDB: bounds read as the dialect's key text; a table without a key is one chunk. */
final class MySqlSplitter extends Splitter {

    MySqlSplitter() {
        super(SqlDialect.of(DatabaseType.MYSQL));
    }
}
