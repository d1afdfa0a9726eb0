package com.platform.datamigration.run.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quarantine ({@code dm_ledger.reject}): each rejected row with its source key, its raw values, the field at fault,
 * a code and a reason, written in the chunk's transaction, listed for the API, and resolved and read back by replays.
 */
public final class Quarantine {

    private static final TypeReference<LinkedHashMap<String, String>> TEXT_MAP = new TypeReference<>() { };

    private final JsonMapper json;

    Quarantine(JsonMapper json) {
        this.json = json;
    }

    /** Writes the rejects to the quarantine in batches, reading spilled ones from disk as it goes. */
    void insert(Connection c, Claim claim, String org, Rejects rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO dm_ledger.reject (run_id, organization_id, mapping_id, chunk_no, source_key, raw, field, code, reason)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)
                """)) {
            int batched = 0;
            for (Reject r : rejects) {
                st.setObject(1, claim.runId());
                st.setString(2, org);
                st.setObject(3, claim.mappingId());
                st.setInt(4, claim.chunkNo());
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

    /** A page of a run's quarantined rows of one organization, oldest first; resolved ones only when asked. */
    public List<StoredReject> rejects(Connection c, UUID run, String org, boolean includeResolved, int page, int size)
            throws SQLException {
        List<StoredReject> items = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT id, mapping_id, chunk_no, source_key::text, raw::text, field, code, reason, created_at, resolved_at
                FROM dm_ledger.reject""" + rejectsOf(includeResolved) + " ORDER BY id LIMIT ? OFFSET ?")) {
            st.setObject(1, run);
            st.setString(2, org);
            st.setInt(3, size);
            st.setLong(4, (long) page * size);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime resolved = rs.getObject(10, OffsetDateTime.class);
                    items.add(new StoredReject(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                            json.readValue(rs.getString(4), TEXT_MAP), json.readValue(rs.getString(5), TEXT_MAP),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                            resolved == null ? null : resolved.toInstant()));
                }
            }
        }
        return items;
    }

    /** How many rows {@link #rejects} pages through. */
    public long countRejects(Connection c, UUID run, String org, boolean includeResolved) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM dm_ledger.reject" + rejectsOf(includeResolved))) {
            st.setObject(1, run);
            st.setString(2, org);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String rejectsOf(boolean includeResolved) {
        return " WHERE run_id = ? AND organization_id = ?" + (includeResolved ? "" : " AND resolved_at IS NULL");
    }

    /** The mappings of a run that have open rejects. */
    public List<UUID> mappingsWithOpenRejects(Connection c, UUID run) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT DISTINCT mapping_id FROM dm_ledger.reject WHERE run_id = ? AND resolved_at IS NULL")) {
            st.setObject(1, run);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /**
     * Marks the open rejects of a mapping that chunks other than {@code claim} added as resolved, in the caller's
     * transaction (so that a failed replay leaves them open).
     *
     * @return the highest id resolved (0 when none): the replay reads up to it
     */
    public long resolveOpenRejects(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                WITH resolved AS (
                  UPDATE dm_ledger.reject SET resolved_at = now()
                  WHERE run_id = ? AND mapping_id = ? AND resolved_at IS NULL AND chunk_no <> ?
                  RETURNING id)
                SELECT coalesce(max(id), 0) FROM resolved
                """)) {
            st.setObject(1, claim.runId());
            st.setObject(2, claim.mappingId());
            st.setInt(3, claim.chunkNo());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Receives the raw values of rejects as they are read. */
    @FunctionalInterface
    public interface RawSink {
        void accept(Map<String, String> raw) throws SQLException;
    }

    /**
     * Streams, with a cursor on {@code reader} (a connection of its own, in a transaction), the raw values of the
     * mapping's rejects up to {@code lastId} that are still open as {@code reader} sees them, in the order they were
     * found; returns how many.
     */
    public long streamOpenRejects(Connection reader, Claim claim, long lastId, RawSink sink) throws SQLException {
        try (PreparedStatement st = reader.prepareStatement("""
                SELECT raw::text FROM dm_ledger.reject WHERE run_id = ? AND mapping_id = ? AND resolved_at IS NULL
                AND chunk_no <> ? AND id <= ? ORDER BY id
                """)) {
            st.setObject(1, claim.runId());
            st.setObject(2, claim.mappingId());
            st.setInt(3, claim.chunkNo());
            st.setLong(4, lastId);
            st.setFetchSize(1_000);
            long n = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    sink.accept(json.readValue(rs.getString(1), TEXT_MAP));
                    n++;
                }
            }
            return n;
        }
    }
}
