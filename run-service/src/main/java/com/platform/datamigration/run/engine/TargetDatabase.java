package com.platform.datamigration.run.engine;

import com.platform.datamigration.run.RunProperties;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * The platform database that runs write into. It also holds the chunk ledger ({@code dm_ledger}), so a chunk's
 * rows, its rejects and its ledger update commit in one transaction.
 */
@Component
public class TargetDatabase {

    private final RunProperties.Target props;
    private final int poolSize;
    private volatile boolean ledgerReady;
    private volatile HikariDataSource pool;

    TargetDatabase(RunProperties props) {
        this.props = props.target();
        // Each chunk slot holds a connection for its write, the heartbeat, claims and releases, the progress ticker and the
        // API one each at most; a few spare.
        this.poolSize = props.workerConcurrency() * 2 + 4;
    }

    /**
     * A pooled connection in UTC with ISO dates; the caller closes it (back to the pool, rolled back if left open).
     * Ledger claims, heartbeats and progress ticks run several times a second: a new session for each would cost the
     * database a process start and an authentication every time.
     */
    public Connection open() throws SQLException {
        Connection c = pool().getConnection();
        if (!ledgerReady) {
            try {
                createLedger(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private HikariDataSource pool() {
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    HikariConfig config = new HikariConfig();
                    config.setPoolName("run-target");
                    config.setJdbcUrl(props.jdbcUrl());
                    config.setUsername(props.username());
                    if (props.password() != null && !props.password().isEmpty()) {
                        config.setPassword(props.password());
                    }
                    config.addDataSourceProperty("ApplicationName", "data-migration run");
                    config.addDataSourceProperty("connectTimeout", "10");
                    config.addDataSourceProperty("tcpKeepAlive", "true");
                    config.setConnectionInitSql("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'; SET statement_timeout = 0");
                    config.setMaximumPoolSize(poolSize);
                    config.setMinimumIdle(2);
                    config.setIdleTimeout(60_000);
                    config.setConnectionTimeout(15_000);
                    config.setValidationTimeout(3_000);
                    // The platform database may be down when the service starts: connections are made when first needed.
                    config.setInitializationFailTimeout(-1);
                    pool = new HikariDataSource(config);
                }
                p = pool;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private synchronized void createLedger(Connection c) throws SQLException {
        if (ledgerReady) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(4242)");
            try {
                st.execute("""
                        DO $$ BEGIN
                          -- Created only when missing: CREATE SCHEMA needs CREATE on the database even with IF NOT EXISTS,
                          -- which run-service's own role lacks where the schema was made for it.
                          IF to_regnamespace('dm_ledger') IS NULL THEN
                            CREATE SCHEMA dm_ledger;
                          END IF;
                        END $$;
                        CREATE TABLE IF NOT EXISTS dm_ledger.chunk (
                          run_id          uuid        NOT NULL,
                          chunk_no        int         NOT NULL,
                          organization_id text        NOT NULL,
                          mapping_id      uuid        NOT NULL,
                          ordinal         int         NOT NULL,
                          stage           int         NOT NULL,
                          kind            text        NOT NULL DEFAULT 'LOAD',
                          lower_bound     jsonb,
                          upper_bound     jsonb,
                          estimated_rows  bigint      NOT NULL DEFAULT 0,
                          status          text        NOT NULL DEFAULT 'PENDING',
                          owner           text,
                          fencing_token   bigint      NOT NULL DEFAULT 0,
                          lease_until     timestamptz,
                          attempts        int         NOT NULL DEFAULT 0,
                          published_at    timestamptz,
                          available_at    timestamptz,
                          written         boolean     NOT NULL DEFAULT false,
                          path            text,
                          rows_read       bigint      NOT NULL DEFAULT 0,
                          rows_written    bigint      NOT NULL DEFAULT 0,
                          rows_rejected   bigint      NOT NULL DEFAULT 0,
                          started_at      timestamptz,
                          finished_at     timestamptz,
                          write_ms        bigint,
                          reconciliation  jsonb,
                          error_code      text,
                          PRIMARY KEY (run_id, chunk_no)
                        );
                        ALTER TABLE dm_ledger.chunk ADD COLUMN IF NOT EXISTS available_at timestamptz;
                        CREATE INDEX IF NOT EXISTS chunk_open ON dm_ledger.chunk (run_id) WHERE status <> 'DONE';
                        CREATE INDEX IF NOT EXISTS chunk_waiting ON dm_ledger.chunk (run_id, stage, chunk_no) WHERE status = 'PENDING';
                        CREATE TABLE IF NOT EXISTS dm_ledger.reject (
                          id              bigserial   PRIMARY KEY,
                          run_id          uuid        NOT NULL,
                          organization_id text        NOT NULL,
                          mapping_id      uuid        NOT NULL,
                          chunk_no        int         NOT NULL,
                          source_key      jsonb       NOT NULL,
                          raw             jsonb       NOT NULL,
                          field           text,
                          code            text        NOT NULL,
                          reason          text        NOT NULL,
                          created_at      timestamptz NOT NULL DEFAULT now(),
                          resolved_at     timestamptz
                        );
                        CREATE INDEX IF NOT EXISTS reject_by_run ON dm_ledger.reject (run_id, mapping_id, id);
                        """);
            } finally {
                st.execute("SELECT pg_advisory_unlock(4242)");
            }
        }
        ledgerReady = true;
    }
}
