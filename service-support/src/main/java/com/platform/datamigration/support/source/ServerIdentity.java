package com.platform.datamigration.support.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Who a PostgreSQL server is, as any session on it can tell, whatever address it was reached by: the cluster's
 * {@code system_identifier} when the role may read {@code pg_control_system()} (replicas share it), and the
 * postmaster's start time with its port, which every role can read and no two running servers share.
 *
 * @param systemIdentifier  null when unreadable with this role
 * @param startedAtEpoch    {@code pg_postmaster_start_time()} in seconds since the epoch, with microseconds
 * @param database          the database the session is connected to ({@code current_database()})
 */
public record ServerIdentity(String systemIdentifier, String startedAtEpoch, int port, String database) {

    /** Reads the identity over an open session; two catalog queries, nothing from the database's tables. */
    public static ServerIdentity read(Connection c) throws SQLException {
        String started;
        int port;
        String database;
        boolean control;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT extract(epoch FROM pg_catalog.pg_postmaster_start_time())::text, "
                     + "pg_catalog.current_setting('port'), pg_catalog.current_database(), "
                     + "pg_catalog.has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')")) {
            rs.next();
            started = rs.getString(1);
            port = Integer.parseInt(rs.getString(2));
            database = rs.getString(3);
            control = rs.getBoolean(4);
        }
        String system = null;
        if (control) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT system_identifier::text FROM pg_catalog.pg_control_system()")) {
                system = rs.next() ? rs.getString(1) : null;
            }
        }
        return new ServerIdentity(system, started, port, database);
    }

    /** The same server (or a physical replica of it): same cluster identifier, or same postmaster start and port. */
    public boolean sameServerAs(ServerIdentity other) {
        if (systemIdentifier != null && systemIdentifier.equals(other.systemIdentifier)) {
            return true;
        }
        return startedAtEpoch != null && startedAtEpoch.equals(other.startedAtEpoch) && port == other.port;
    }
}
