package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sessions on a run's sources: UTC, ISO dates, no parallel workers for a chunk's query, and no statement timeout (a
 * chunk of a big table may stream for minutes; the lease, not a timeout, decides when it is given up). A silent network
 * still fails after ten minutes.
 */
public final class SourceSessions {

    private SourceSessions() {
    }

    /** A prepared session through the connector (which applies the platform's host policy); the caller closes it. */
    public static Connection open(SourceConnector connector, SourceCredentials credentials) throws SourceException, SQLException {
        Connection c = connector.open(credentials).connection();
        try {
            prepare(c, credentials.type());
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    static void prepare(Connection c, DatabaseType type) throws SQLException {
        try (Statement st = c.createStatement()) {
            // A key range is read in heap order (bitmap scan) rather than tuple by tuple through the index: a third cheaper.
            // No parallel workers: a run already reads several chunks at once, and a chunk whose guards make its query look
            // expensive would otherwise be planned with workers that pass every row through shared memory to the one
            // process streaming it, costing the source more than they save.
            st.execute(type == DatabaseType.POSTGRESQL
                    ? "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'; SET statement_timeout = 0; SET enable_indexscan = off; "
                    + "SET max_parallel_workers_per_gather = 0"
                    : "SET time_zone = '+00:00', SESSION max_statement_time = 0");
        }
        c.setNetworkTimeout(Runnable::run, 600_000);
    }
}
