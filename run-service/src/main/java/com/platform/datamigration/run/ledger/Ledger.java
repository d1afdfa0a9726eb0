package com.platform.datamigration.run.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chunk ledger and the quarantine in the target database ({@code dm_ledger.chunk}, {@code dm_ledger.reject}), and
 * with {@link Quarantine} the only code that speaks their SQL. One ledger row per chunk holds its key range, its lease (owner, fencing token,
 * expiry) and its figures. A chunk's rows, rejects and ledger row commit together: methods that take part in a chunk's
 * write run on the caller's connection and transaction, and the fencing token makes a write from a worker whose lease
 * was taken over roll back instead of committing. The schema is migrated by {@link TargetDatabase}.
 */
@Component
public class Ledger {

    private static final TypeReference<List<String>> BOUND = new TypeReference<>() { };

    private final JsonMapper json;
    private final Quarantine quarantine;

    public Ledger(JsonMapper json) {
        this.json = json;
        this.quarantine = new Quarantine(json);
    }

    /** The quarantine of rejected rows, in the same schema. */
    public Quarantine quarantine() {
        return quarantine;
    }

    // ---------------------------------------------------------------- planning

    /** Records planned chunks; chunks already recorded (a plan redone) are left as they are. */
    public void insert(Connection c, UUID run, String org, List<PlannedChunk> chunks) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO dm_ledger.chunk (run_id, chunk_no, organization_id, mapping_id, ordinal, stage, kind, range_kind,
                                             lower_bound, upper_bound, estimated_rows)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?) ON CONFLICT DO NOTHING
                """)) {
            for (PlannedChunk p : chunks) {
                st.setObject(1, run);
                st.setInt(2, p.chunkNo());
                st.setString(3, org);
                st.setObject(4, p.mappingId());
                st.setInt(5, p.ordinal());
                st.setInt(6, p.stage());
                st.setString(7, p.kind().name());
                st.setString(8, p.range().kind());
                st.setString(9, p.range().lowerValues() == null ? null : json.writeValueAsString(p.range().lowerValues()));
                st.setString(10, p.range().upperValues() == null ? null : json.writeValueAsString(p.range().upperValues()));
                st.setLong(11, p.estimatedRows());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The run's highest chunk number, 0 when it has none. */
    public int lastChunkNo(Connection c, UUID run) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT coalesce(max(chunk_no), 0) FROM dm_ledger.chunk WHERE run_id = ?")) {
            st.setObject(1, run);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Makes a cancelled or failed run's unfinished chunks pending again, with their attempts forgotten. */
    public void reopen(Connection c, UUID run) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET status = 'PENDING', attempts = 0, owner = NULL, lease_until = NULL, published_at = NULL,
                       available_at = NULL
                WHERE run_id = ? AND status IN ('FAILED', 'PENDING')
                """)) {
            st.setObject(1, run);
            st.executeUpdate();
        }
    }

    /**
     * Whether a chunk of the run's mapping {@code ordinal} needed the sifted pipe (its rows hold values the mapping
     * cannot convert), so the next ones start on it, whichever worker wrote it.
     */
    public boolean sifted(Connection c, UUID run, int ordinal) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM dm_ledger.chunk WHERE run_id = ? AND ordinal = ? AND path = 'COPY_BINARY_SIFTED')")) {
            st.setObject(1, run);
            st.setInt(2, ordinal);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Stops a failed run's chunks: the running ones lose their leases (pending again under a new fencing token, so the
     * worker still writing one finds its lease gone and rolls its write back) and no pending one can be claimed any
     * more (until a resume reopens them), so the run's figures and its quarantine stay what they are when it fails.
     *
     * @return the chunks stopped
     */
    public int stopRunning(Connection c, UUID run) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET status = 'PENDING', owner = NULL, lease_until = NULL, available_at = 'infinity',
                       fencing_token = CASE WHEN status = 'RUNNING' THEN fencing_token + 1 ELSE fencing_token END
                WHERE run_id = ? AND status IN ('RUNNING', 'PENDING')
                """)) {
            st.setObject(1, run);
            return st.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- leases

    /**
     * Claims chunk {@code chunkNo} (or, when {@code null}, the next released pending chunk of the run) if it is
     * pending, or its lease expired, for {@code owner}; empty when it is done, leased by a live worker, backing off
     * after a failure, or the run's parallelism is reached.
     */
    public Optional<Claim> claim(Connection c, UUID run, Integer chunkNo, String owner, Duration lease, Integer parallelism)
            throws SQLException {
        if (parallelism == null) {
            return claimOnce(c, run, chunkNo, owner, lease, null);
        }
        // Claims of a run with a parallelism limit take turns, so that each counts the others' claims.
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 11))")) {
                st.setObject(1, run);
                st.execute();
            }
            Optional<Claim> claim = claimOnce(c, run, chunkNo, owner, lease, parallelism);
            c.commit();
            return claim;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private Optional<Claim> claimOnce(Connection c, UUID run, Integer chunkNo, String owner, Duration lease, Integer parallelism)
            throws SQLException {
        // One row at most: the named chunk, or the first released pending one; rows another claim is locking are skipped.
        try (PreparedStatement st = c.prepareStatement("""
                WITH pick AS (
                  SELECT chunk_no FROM dm_ledger.chunk
                  WHERE run_id = ? AND CASE WHEN CAST(? AS int) IS NULL
                        THEN status = 'PENDING' AND published_at IS NOT NULL
                             AND (available_at IS NULL OR available_at <= clock_timestamp())
                        ELSE chunk_no = CAST(? AS int) END
                  ORDER BY stage, chunk_no LIMIT 1 FOR UPDATE SKIP LOCKED)
                UPDATE dm_ledger.chunk c SET status = 'RUNNING', owner = ?, fencing_token = c.fencing_token + 1,
                       lease_until = clock_timestamp() + CAST(? AS interval), attempts = c.attempts + 1,
                       started_at = coalesce(c.started_at, clock_timestamp()), error_code = NULL
                FROM pick
                WHERE c.run_id = ? AND c.chunk_no = pick.chunk_no
                  AND ((c.status = 'PENDING' AND (c.available_at IS NULL OR c.available_at <= clock_timestamp()))
                       OR (c.status = 'RUNNING' AND c.lease_until < clock_timestamp()))
                  AND (CAST(? AS int) IS NULL OR (SELECT count(*) FROM dm_ledger.chunk o WHERE o.run_id = c.run_id
                       AND o.status = 'RUNNING' AND o.lease_until >= clock_timestamp()) < CAST(? AS int))
                RETURNING c.mapping_id, c.ordinal, c.kind, c.range_kind, c.lower_bound::text, c.upper_bound::text, c.fencing_token,
                          c.written, c.path,
                          (SELECT count(*) FROM dm_ledger.reject r WHERE r.run_id = c.run_id AND r.chunk_no = c.chunk_no
                           AND r.code IN ('NOT_NULL_VIOLATION', 'UNIQUE_VIOLATION', 'FOREIGN_KEY_VIOLATION', 'CHECK_VIOLATION',
                                          'TARGET_REFUSED')), c.attempts, c.chunk_no
                """)) {
            st.setObject(1, run);
            setIntOrNull(st, 2, chunkNo);
            setIntOrNull(st, 3, chunkNo);
            st.setString(4, owner);
            st.setString(5, lease.toMillis() + " milliseconds");
            st.setObject(6, run);
            setIntOrNull(st, 7, parallelism);
            setIntOrNull(st, 8, parallelism);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                KeyRange range = KeyRange.of(rs.getString(4), bound(rs.getString(5)), bound(rs.getString(6)));
                return Optional.of(new Claim(run, rs.getInt(12), rs.getObject(1, UUID.class), rs.getInt(2),
                        ChunkKind.valueOf(rs.getString(3)), range, rs.getLong(7), rs.getBoolean(8), LoadPath.of(rs.getString(9)),
                        rs.getLong(10), rs.getInt(11)));
            }
        }
    }

    private static void setIntOrNull(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }

    private List<String> bound(String text) {
        return text == null ? null : json.readValue(text, BOUND);
    }

    /** Runs with released chunks waiting for a worker. */
    public List<UUID> runsWithWork(Connection c) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT DISTINCT run_id FROM dm_ledger.chunk WHERE status = 'PENDING' AND published_at IS NOT NULL
                AND (available_at IS NULL OR available_at <= clock_timestamp())
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** Extends a lease; false when the chunk was taken over (the token moved on). */
    public boolean heartbeat(Connection c, Claim claim, Duration lease) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET lease_until = clock_timestamp() + CAST(? AS interval)
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING'
                """)) {
            st.setString(1, lease.toMillis() + " milliseconds");
            st.setObject(2, claim.runId());
            st.setInt(3, claim.chunkNo());
            st.setLong(4, claim.fencingToken());
            return st.executeUpdate() == 1;
        }
    }

    /**
     * Chunks due for (re)publication: pending chunks of the lowest unfinished stage never published, given back after
     * a failure, or long unclaimed; running chunks whose lease expired go back to pending first.
     */
    public List<Integer> due(Connection c, UUID run) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                WITH stage AS (SELECT min(stage) AS s FROM dm_ledger.chunk WHERE run_id = ? AND status <> 'DONE')
                UPDATE dm_ledger.chunk c SET status = 'PENDING', owner = NULL, lease_until = NULL, published_at = clock_timestamp()
                FROM stage
                WHERE c.run_id = ? AND c.stage = stage.s AND (
                      (c.status = 'PENDING' AND (c.published_at IS NULL
                          OR (c.attempts > 0 AND c.published_at < clock_timestamp() - make_interval(secs => 2 * c.attempts))
                          OR c.published_at < clock_timestamp() - interval '120 seconds'))
                   OR (c.status = 'RUNNING' AND c.lease_until < clock_timestamp()))
                RETURNING c.chunk_no
                """)) {
            st.setObject(1, run);
            st.setObject(2, run);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- a chunk's write

    /**
     * Records the written chunk and its rejects inside the write transaction, only while the token is still current.
     *
     * @return false when the lease was taken over: the caller must roll back
     */
    public boolean written(Connection c, Claim claim, ChunkWrite write, String org, long writeMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET written = true, path = ?, rows_read = ?, rows_written = ?, rows_rejected = ?, write_ms = ?
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING' AND NOT written
                """)) {
            st.setString(1, write.path().name());
            st.setLong(2, write.rowsRead());
            st.setLong(3, write.rowsWritten());
            st.setLong(4, write.rejects().size());
            st.setLong(5, writeMs);
            st.setObject(6, claim.runId());
            st.setInt(7, claim.chunkNo());
            st.setLong(8, claim.fencingToken());
            if (st.executeUpdate() != 1) {
                return false;
            }
        }
        quarantine.insert(c, claim, org, write.rejects());
        return true;
    }

    /** Marks the chunk done with its reconciliation (or none), while the token is current. */
    public boolean done(Connection c, Claim claim, Reconciliation reconciliation) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET status = 'DONE', finished_at = clock_timestamp(), lease_until = NULL,
                       reconciliation = CAST(? AS jsonb)
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING'
                """)) {
            st.setString(1, reconciliation == null ? null : json.writeValueAsString(reconciliation));
            st.setObject(2, claim.runId());
            st.setInt(3, claim.chunkNo());
            st.setLong(4, claim.fencingToken());
            return st.executeUpdate() == 1;
        }
    }

    /** Gives a chunk back after a failure: pending again after a back-off, or failed after too many attempts. */
    public void release(Connection c, Claim claim, String errorCode, int maxAttempts) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET status = CASE WHEN attempts >= ? THEN 'FAILED' ELSE 'PENDING' END, owner = NULL,
                       lease_until = NULL, error_code = ?, published_at = clock_timestamp(),
                       available_at = clock_timestamp() + make_interval(secs => 2 * attempts)
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING'
                """)) {
            st.setInt(1, maxAttempts);
            st.setString(2, errorCode);
            st.setObject(3, claim.runId());
            st.setInt(4, claim.chunkNo());
            st.setLong(5, claim.fencingToken());
            st.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- figures

    /** Each mapping's figures of a run. */
    public List<MappingFigures> figures(Connection c, UUID run) throws SQLException {
        List<MappingFigures> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT mapping_id, count(*), count(*) FILTER (WHERE status = 'DONE'),
                       count(*) FILTER (WHERE status = 'FAILED'), count(*) FILTER (WHERE status = 'RUNNING'),
                       coalesce(sum(rows_read) FILTER (WHERE kind = 'LOAD'), 0), coalesce(sum(rows_written), 0),
                       (SELECT count(*) FROM dm_ledger.reject r WHERE r.run_id = c.run_id AND r.mapping_id = c.mapping_id
                          AND r.resolved_at IS NULL),
                       coalesce(sum(estimated_rows), 0), coalesce(sum(write_ms), 0),
                       count(*) FILTER (WHERE reconciliation IS NOT NULL),
                       count(*) FILTER (WHERE (reconciliation ->> 'ok') = 'false'), count(*) FILTER (WHERE kind = 'LOAD')
                FROM dm_ledger.chunk c WHERE run_id = ? GROUP BY run_id, mapping_id
                """)) {
            st.setObject(1, run);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new MappingFigures(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getInt(11), rs.getInt(12),
                            rs.getInt(13)));
                }
            }
        }
        return out;
    }
}
