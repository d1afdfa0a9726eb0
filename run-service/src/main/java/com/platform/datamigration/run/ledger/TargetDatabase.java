package com.platform.datamigration.run.ledger;

import com.platform.datamigration.run.RunProperties;
import java.sql.Connection;
import java.sql.SQLException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.stereotype.Component;

/**
 * The platform database that runs write into. It also holds the chunk ledger ({@code dm_ledger}), so a chunk's
 * rows, its rejects and its ledger update commit in one transaction.
 */
@Component
public class TargetDatabase {

    /** The ledger's schema in the target database. */
    static final String SCHEMA = "dm_ledger";

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
        if (!ledgerReady) {
            try {
                migrateLedger();
            } catch (FlywayException e) {
                throw new SQLException("The chunk ledger's schema could not be migrated: " + e.getMessage(), "55000", e);
            }
        }
        return pool().getConnection();
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

    /**
     * Migrates the ledger's schema ({@code dm_ledger}) with Flyway, its history kept in that schema, once per process;
     * several processes starting at once take turns on Flyway's lock. The schema is created when missing (the
     * platform's grants may have made it for run-service's role, which then needs no CREATE on the database); a
     * ledger made before it had a history is baselined at version 0, and the first script, idempotent, runs over it.
     */
    private synchronized void migrateLedger() {
        if (ledgerReady) {
            return;
        }
        Flyway.configure()
                .dataSource(pool())
                .schemas(SCHEMA)
                .locations("classpath:db/ledger")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        ledgerReady = true;
    }
}
