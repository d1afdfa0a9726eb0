package com.platform.datamigration.run.worker;

import com.platform.datamigration.run.ledger.Claim;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.TargetDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of the chunks this worker holds alive: every third of the lease, on one connection of its own,
 * each held claim's lease is extended while its fencing token is current. A chunk taken over meanwhile is only logged
 * here; its write then rolls back on the token.
 */
final class LeaseHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final Ledger ledger;
    private final TargetDatabase targetDb;
    private final Duration lease;
    private final Map<String, Claim> held = new ConcurrentHashMap<>();
    private Connection connection;

    LeaseHeartbeat(Ledger ledger, TargetDatabase targetDb, Duration lease) {
        this.ledger = ledger;
        this.targetDb = targetDb;
        this.lease = lease;
    }

    /** How often {@link #beat()} should run. */
    Duration interval() {
        return Duration.ofMillis(Math.max(500, lease.toMillis() / 3));
    }

    void hold(Claim c) {
        held.put(key(c), c);
    }

    void release(Claim c) {
        held.remove(key(c));
    }

    private static String key(Claim c) {
        return c.runId() + ":" + c.chunkNo();
    }

    /** One beat; called from one thread only. */
    void beat() {
        if (held.isEmpty()) {
            return;
        }
        try {
            if (connection == null || connection.isClosed() || !connection.isValid(2)) {
                connection = targetDb.open();
            }
            for (Claim c : held.values()) {
                if (!ledger.heartbeat(connection, c, lease)) {
                    log.info("Chunk {} of run {} is no longer leased to this worker", c.chunkNo(), c.runId());
                }
            }
        } catch (SQLException e) {
            log.warn("Lease heartbeat failed ({})", e.getSQLState());
            close();
        }
    }

    void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the pool discards it
            }
        }
    }
}
