package com.platform.datamigration.connection.check;

import com.platform.datamigration.contracts.DatabaseType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** The privilege checklist of MySQL and MariaDB sources. */
@Component
class MariaDbChecks implements CheckDialect {


    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }




    @Override
    public List<CheckItem> checklist(Connection c, Duration queryTimeout) throws SQLException {
        List<CheckItem> checks = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout((int) queryTimeout.toSeconds());
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA")) {
                rs.next();
                checks.add(CheckItem.of("READ_CATALOG", true, rs.getLong(1) + " schemas visible"));
            }
            // information_schema lists only the tables the user holds a privilege on.
            try (ResultSet rs = st.executeQuery("""
                    SELECT s.SCHEMA_NAME, COUNT(t.TABLE_NAME) AS tables
                    FROM information_schema.SCHEMATA s
                    LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
                    WHERE s.SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
                    GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME
                    """)) {
                while (rs.next()) {
                    checks.add(new CheckItem("READ_SCHEMA", rs.getString(1), true, rs.getLong(2) + " tables and views visible"));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format")) {
                rs.next();
                boolean logBin = rs.getInt(1) == 1;
                String format = rs.getString(2);
                checks.add(CheckItem.of("CDC_BINARY_LOG", logBin, logBin ? "the binary log is on" : "log_bin is off"));
                checks.add(CheckItem.of("CDC_BINLOG_FORMAT_ROW", "ROW".equalsIgnoreCase(format),
                        "binlog_format is " + format + " (ROW is needed)"));
            }
            StringBuilder grants = new StringBuilder();
            try (ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
                while (rs.next()) {
                    grants.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
                }
            }
            String g = grants.toString();
            boolean all = g.contains("ALL PRIVILEGES ON *.*");
            boolean slave = all || g.contains("REPLICATION SLAVE") || g.contains("REPLICATION REPLICA");
            boolean client = all || g.contains("REPLICATION CLIENT") || g.contains("BINLOG MONITOR") || g.contains("SUPER");
            checks.add(CheckItem.of("CDC_REPLICATION_PRIVILEGES", slave && client, slave && client
                    ? "the user may read the binary log" : "the user needs REPLICATION SLAVE and REPLICATION CLIENT"));
        }
        return checks;
    }

}
