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

/** The privilege checklist of PostgreSQL sources. */
@Component
class PostgresChecks implements CheckDialect {


    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.POSTGRESQL;
    }




    @Override
    public List<CheckItem> checklist(Connection c, Duration queryTimeout) throws SQLException {
        List<CheckItem> checks = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout((int) queryTimeout.toSeconds());
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.schemata")) {
                rs.next();
                checks.add(CheckItem.of("READ_CATALOG", true, rs.getLong(1) + " schemas visible"));
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT n.nspname, has_schema_privilege(n.oid, 'USAGE') AS usable, count(c.oid) AS tables,
                           count(c.oid) FILTER (WHERE has_table_privilege(c.oid, 'SELECT')) AS readable
                    FROM pg_namespace n
                    LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                    GROUP BY n.oid, n.nspname ORDER BY n.nspname
                    """)) {
                while (rs.next()) {
                    long tables = rs.getLong("tables");
                    long readable = rs.getBoolean("usable") ? rs.getLong("readable") : 0;
                    checks.add(new CheckItem("READ_SCHEMA", rs.getString("nspname"), readable == tables,
                            readable + " of " + tables + " tables and views readable"));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT current_setting('wal_level') AS wal_level,
                           (SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user) AS replication,
                           current_setting('max_replication_slots')::int - (SELECT count(*) FROM pg_replication_slots) AS free_slots
                    """)) {
                rs.next();
                String walLevel = rs.getString("wal_level");
                checks.add(CheckItem.of("CDC_WAL_LEVEL", "logical".equals(walLevel.toLowerCase(Locale.ROOT)),
                        "wal_level is " + walLevel + " (logical is needed)"));
                boolean replication = rs.getBoolean("replication");
                checks.add(CheckItem.of("CDC_REPLICATION_PRIVILEGE", replication,
                        replication ? "the user may replicate" : "the user needs REPLICATION (or superuser)"));
                int free = rs.getInt("free_slots");
                checks.add(CheckItem.of("CDC_FREE_REPLICATION_SLOT", free > 0, free + " replication slots free"));
            }
        }
        return checks;
    }

}
