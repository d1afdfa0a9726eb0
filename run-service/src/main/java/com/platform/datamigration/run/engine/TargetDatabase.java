package com.platform.datamigration.run.engine;

import com.platform.datamigration.run.RunProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * The platform database that runs write into. It also holds the chunk ledger ({@code dm_ledger}), so a chunk's
 * rows, its rejects and its ledger update commit in one transaction.
 */
@Component
public class TargetDatabase {

    private final RunProperties.Target props;
    private volatile boolean ledgerReady;

    TargetDatabase(RunProperties props) {
        this.props = props.target();
    }

    /** A new connection; the caller closes it. */
    public Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", props.username());
        if (props.password() != null && !props.password().isEmpty()) {
            p.setProperty("password", props.password());
        }
        p.setProperty("ApplicationName", "data-migration run");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(props.jdbcUrl(), p);
        if (!ledgerReady) {
            createLedger(c);
        }
        return c;
    }

    private synchronized void createLedger(Connection c) throws SQLException {
        if (ledgerReady) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(4242)");
            try {
                st.execute("""
                        CREATE SCHEMA IF NOT EXISTS dm_ledger;
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

    /** The table's columns, keys and referenced tables, or empty when it does not exist. */
    public static Optional<Pinned.TargetTable> describe(Connection c, String schema, String table) throws SQLException {
        List<Pinned.TargetColumn> columns = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typnamespace = 'pg_catalog'::regnamespace, a.attnotnull
                FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = ? AND r.relname = ? AND r.relkind IN ('r', 'p')
                ORDER BY a.attnum
                """)) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Pinned.TargetColumn(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> pk = new ArrayList<>();
        List<Pinned.TableRef> refs = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT con.contype, (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
                       fn.nspname, fr.relname
                FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
                LEFT JOIN pg_class fr ON fr.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fr.relnamespace
                WHERE n.nspname = ? AND r.relname = ? AND con.contype IN ('p', 'f')
                """)) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if ("p".equals(rs.getString(1))) {
                        pk.addAll(List.of((String[]) rs.getArray(2).getArray()));
                    } else {
                        refs.add(new Pinned.TableRef(rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return Optional.of(new Pinned.TargetTable(schema, table, columns, pk, refs));
    }

    /** Quotes an identifier that comes from a catalog. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
