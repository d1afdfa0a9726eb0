package com.platform.datamigration.run.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chunk ledger in the target database ({@code dm_ledger.chunk}): one row per chunk with its key range, its
 * lease (owner, fencing token, expiry) and its figures. A chunk's rows, rejects and its ledger row commit together;
 * the fencing token makes a write from a worker whose lease was taken over roll back instead of committing.
 */
public final class Ledger {

    private Ledger() {
    }

    /** A chunk as planned. */
    public record PlannedChunk(int chunkNo, UUID mappingId, int ordinal, int stage, ChunkKind kind, List<String> lower,
                               List<String> upper, long estimatedRows) {
    }

    /** A chunk claimed by a worker. */
    public record Claim(UUID runId, int chunkNo, UUID mappingId, int ordinal, ChunkKind kind, List<String> lower,
                        List<String> upper, long fencingToken, boolean written, LoadPath path, long rowsRejectedByTarget, int attempts) {
    }

    public static void insert(Connection c, UUID run, String org, List<PlannedChunk> chunks, JsonMapper json) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO dm_ledger.chunk (run_id, chunk_no, organization_id, mapping_id, ordinal, stage, kind, lower_bound,
                                             upper_bound, estimated_rows)
                VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?) ON CONFLICT DO NOTHING
                """)) {
            for (PlannedChunk p : chunks) {
                st.setObject(1, run);
                st.setInt(2, p.chunkNo());
                st.setString(3, org);
                st.setObject(4, p.mappingId());
                st.setInt(5, p.ordinal());
                st.setInt(6, p.stage());
                st.setString(7, p.kind().name());
                st.setString(8, p.lower() == null ? null : json.writeValueAsString(p.lower()));
                st.setString(9, p.upper() == null ? null : json.writeValueAsString(p.upper()));
                st.setLong(10, p.estimatedRows());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /**
     * Claims chunk {@code chunkNo} (or, when {@code null}, the next released pending chunk of the run) if it is
     * pending, or its lease expired, for {@code owner}; empty when it is done, leased by a live worker, backing off
     * after a failure, or the run's parallelism is reached.
     */
    public static Optional<Claim> claim(Connection c, UUID run, Integer chunkNo, String owner, Duration lease, Integer parallelism,
            JsonMapper json) throws SQLException {
        if (parallelism == null) {
            return claimOnce(c, run, chunkNo, owner, lease, null, json);
        }
        // Claims of a run with a parallelism limit take turns, so that each counts the others' claims.
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 11))")) {
                st.setObject(1, run);
                st.execute();
            }
            Optional<Claim> claim = claimOnce(c, run, chunkNo, owner, lease, parallelism, json);
            c.commit();
            return claim;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static Optional<Claim> claimOnce(Connection c, UUID run, Integer chunkNo, String owner, Duration lease, Integer parallelism,
            JsonMapper json) throws SQLException {
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
                RETURNING c.mapping_id, c.ordinal, c.kind, c.lower_bound::text, c.upper_bound::text, c.fencing_token, c.written, c.path,
                          (SELECT count(*) FROM dm_ledger.reject r WHERE r.run_id = c.run_id AND r.chunk_no = c.chunk_no
                           AND r.code IN ('NOT_NULL_VIOLATION', 'UNIQUE_VIOLATION', 'FOREIGN_KEY_VIOLATION', 'CHECK_VIOLATION',
                                          'TARGET_REFUSED')), c.attempts, c.chunk_no
                """)) {
            st.setObject(1, run);
            if (chunkNo == null) {
                st.setNull(2, java.sql.Types.INTEGER);
                st.setNull(3, java.sql.Types.INTEGER);
            } else {
                st.setInt(2, chunkNo);
                st.setInt(3, chunkNo);
            }
            st.setString(4, owner);
            st.setString(5, lease.toMillis() + " milliseconds");
            st.setObject(6, run);
            if (parallelism == null) {
                st.setNull(7, java.sql.Types.INTEGER);
                st.setNull(8, java.sql.Types.INTEGER);
            } else {
                st.setInt(7, parallelism);
                st.setInt(8, parallelism);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Claim(run, rs.getInt(11), rs.getObject(1, UUID.class), rs.getInt(2),
                        ChunkKind.valueOf(rs.getString(3)), bound(rs.getString(4), json), bound(rs.getString(5), json), rs.getLong(6),
                        rs.getBoolean(7), LoadPath.of(rs.getString(8)), rs.getLong(9), rs.getInt(10)));
            }
        }
    }

    private static List<String> bound(String text, JsonMapper json) {
        return text == null ? null : json.readValue(text, new TypeReference<List<String>>() { });
    }

    /** Runs with released chunks waiting for a worker. */
    public static List<UUID> runsWithWork(Connection c) throws SQLException {
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
    public static boolean heartbeat(Connection c, UUID run, int chunkNo, long token, Duration lease) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET lease_until = clock_timestamp() + CAST(? AS interval)
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING'
                """)) {
            st.setString(1, lease.toMillis() + " milliseconds");
            st.setObject(2, run);
            st.setInt(3, chunkNo);
            st.setLong(4, token);
            return st.executeUpdate() == 1;
        }
    }

    /**
     * Records the written chunk inside the write transaction, only while the token is still current.
     *
     * @return false when the lease was taken over: the caller must roll back
     */
    public static boolean written(Connection c, Claim claim, ChunkExecutor.Result result, String org, JsonMapper json,
            long writeMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE dm_ledger.chunk SET written = true, path = ?, rows_read = ?, rows_written = ?, rows_rejected = ?, write_ms = ?
                WHERE run_id = ? AND chunk_no = ? AND fencing_token = ? AND status = 'RUNNING' AND NOT written
                """)) {
            st.setString(1, result.path().name());
            st.setLong(2, result.rowsRead());
            st.setLong(3, result.rowsWritten());
            st.setLong(4, result.rejects().size());
            st.setLong(5, writeMs);
            st.setObject(6, claim.runId());
            st.setInt(7, claim.chunkNo());
            st.setLong(8, claim.fencingToken());
            if (st.executeUpdate() != 1) {
                return false;
            }
        }
        insertRejects(c, claim.runId(), org, claim.mappingId(), claim.chunkNo(), result.rejects(), json);
        return true;
    }

    /** Writes the rejects to the quarantine in batches, reading spilled ones from disk as it goes. */
    public static void insertRejects(Connection c, UUID run, String org, UUID mapping, int chunkNo, Rejects rejects,
            JsonMapper json) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO dm_ledger.reject (run_id, organization_id, mapping_id, chunk_no, source_key, raw, field, code, reason)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)
                """)) {
            int batched = 0;
            for (ChunkExecutor.Reject r : rejects) {
                st.setObject(1, run);
                st.setString(2, org);
                st.setObject(3, mapping);
                st.setInt(4, chunkNo);
                st.setString(5, json.writeValueAsString(r.sourceKey()));
                st.setString(6, json.writeValueAsString(r.raw()));
                st.setString(7, r.field());
                st.setString(8, r.code());
                st.setString(9, r.reason());
                st.addBatch();
                if (++batched == 1_000) {
                    st.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                st.executeBatch();
            }
        }
    }

    /** Marks the chunk done with its reconciliation (or none), while the token is current. */
    public static boolean done(Connection c, Claim claim, Map<String, Object> reconciliation, JsonMapper json) throws SQLException {
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
    public static void release(Connection c, Claim claim, String errorCode, int maxAttempts) throws SQLException {
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

    /** Figures of one mapping of a run. */
    public record MappingFigures(UUID mappingId, int chunksTotal, int chunksDone, int chunksFailed, int chunksRunning,
                                 long rowsRead, long rowsWritten, long rowsRejected, long estimatedRows, long writeMs,
                                 int reconciled, int reconciliationMismatches, int loadChunks) {
    }

    public static List<MappingFigures> figures(Connection c, UUID run) throws SQLException {
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
