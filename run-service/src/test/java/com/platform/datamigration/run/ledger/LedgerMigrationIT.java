package com.platform.datamigration.run.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's schema by Flyway against a real PostgreSQL: a new target gets it whole, a target whose ledger predates
 * the history is baselined and upgraded with its chunks classified, and the stored ranges come back typed.
 */
class LedgerMigrationIT {

    private static final PostgresServer PG = TestStack.get().postgres();

    private static TargetDatabase target(String database) {
        PG.createDatabaseIfMissing(database);
        return new TargetDatabase(new RunProperties(Set.of("worker"), new RunProperties.Target(PG.jdbcUrl(database), PG.user(),
                PG.password()), null, null, 1, Duration.ofSeconds(15), 100_000, 5, Duration.ofMillis(250), 10_000, 20,
                Duration.ofSeconds(1)));
    }

    private static List<String> versions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT coalesce(version, '-') FROM dm_ledger.flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The values a CHECK constraint of the ledger allows, as its definition lists them. */
    private static List<String> closedSet(Connection c, String constraint) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var st = c.prepareStatement("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ?")) {
            st.setString(1, constraint);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as(constraint).isTrue();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([A-Z_]+)'").matcher(rs.getString(1));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    @Test
    void aNewTargetGetsTheWholeLedgerWithTheCodesClosedSetsAndASecondProcessChangesNothing() throws Exception {
        String db = "ledger_new_" + Long.toHexString(System.nanoTime());
        TargetDatabase first = target(db);
        TargetDatabase second = target(db);
        try (Connection c = first.open(); Connection again = second.open()) {
            assertThat(versions(c)).endsWith("1", "2", "3");
            assertThat(versions(again)).isEqualTo(versions(c));
            assertThat(closedSet(c, "chunk_status_known")).containsExactlyInAnyOrderElementsOf(names(ChunkStatus.values()));
            assertThat(closedSet(c, "chunk_kind_known")).containsExactlyInAnyOrderElementsOf(names(ChunkKind.values()));
            assertThat(closedSet(c, "chunk_path_known")).containsExactlyInAnyOrderElementsOf(names(LoadPath.values()));
            assertThat(closedSet(c, "chunk_range_kind_known")).containsExactlyInAnyOrderElementsOf(List.of(KeyRange.WHOLE.kind(),
                    KeyRange.keys(List.of("1"), null).kind(), KeyRange.pages(1L, null).kind()));
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("INSERT INTO dm_ledger.chunk (run_id, chunk_no, organization_id, mapping_id, ordinal,"
                        + " stage, range_kind, status) VALUES (gen_random_uuid(), 1, 'acme', gen_random_uuid(), 0, 0, 'KEY', 'LOST')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("chunk_status_known");
            }
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aLedgerFromBeforeTheHistoryIsBaselinedAndItsChunksClassified() throws Exception {
        String db = "ledger_legacy_" + Long.toHexString(System.nanoTime());
        PG.createDatabaseIfMissing(db);
        UUID run = UUID.randomUUID();
        PG.execute(db, "CREATE SCHEMA dm_ledger", """
                CREATE TABLE dm_ledger.chunk (
                  run_id uuid NOT NULL, chunk_no int NOT NULL, organization_id text NOT NULL, mapping_id uuid NOT NULL,
                  ordinal int NOT NULL, stage int NOT NULL, kind text NOT NULL DEFAULT 'LOAD', lower_bound jsonb, upper_bound jsonb,
                  estimated_rows bigint NOT NULL DEFAULT 0, status text NOT NULL DEFAULT 'PENDING', owner text,
                  fencing_token bigint NOT NULL DEFAULT 0, lease_until timestamptz, attempts int NOT NULL DEFAULT 0,
                  published_at timestamptz, written boolean NOT NULL DEFAULT false, path text,
                  rows_read bigint NOT NULL DEFAULT 0, rows_written bigint NOT NULL DEFAULT 0, rows_rejected bigint NOT NULL DEFAULT 0,
                  started_at timestamptz, finished_at timestamptz, write_ms bigint, reconciliation jsonb, error_code text,
                  PRIMARY KEY (run_id, chunk_no))""",
                "INSERT INTO dm_ledger.chunk (run_id, chunk_no, organization_id, mapping_id, ordinal, stage, lower_bound, upper_bound, "
                        + "published_at) VALUES "
                        + "('" + run + "', 1, 'acme', gen_random_uuid(), 0, 0, NULL, '[\"(128,0)\"]', now()), "
                        + "('" + run + "', 2, 'acme', gen_random_uuid(), 0, 0, '[\"(128,0)\"]', NULL, now()), "
                        + "('" + run + "', 3, 'acme', gen_random_uuid(), 1, 1, '[\"Zürich\", \"10\"]', '[\"zurich\", \"9\"]', now()), "
                        + "('" + run + "', 4, 'acme', gen_random_uuid(), 2, 2, NULL, NULL, now())");
        TargetDatabase targetDb = target(db);
        Ledger ledger = new Ledger(JsonMapper.builder().build());
        try (Connection c = targetDb.open()) {
            assertThat(versions(c)).containsExactly("0", "1", "2", "3");
            List<KeyRange> claimed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Optional<Claim> claim = ledger.claim(c, run, null, "test", Duration.ofSeconds(30), null);
                assertThat(claim).isPresent();
                claimed.add(claim.get().range());
            }
            assertThat(claimed).containsExactly(KeyRange.pages(null, 128L), KeyRange.pages(128L, null),
                    KeyRange.keys(List.of("Zürich", "10"), List.of("zurich", "9")), KeyRange.WHOLE);
            assertThat(ledger.claim(c, run, null, "test", Duration.ofSeconds(30), null)).isEmpty();
        } finally {
            targetDb.close();
        }
    }
}
