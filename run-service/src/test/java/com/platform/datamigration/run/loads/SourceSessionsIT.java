package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A run's PostgreSQL source session: UTC, ISO dates, no statement timeout, bitmap reads and no parallel workers. */
class SourceSessionsIT {

    @Test
    void aChunkQueryIsPlannedWithoutParallelWorkersInUtc() throws Exception {
        try (Connection c = TestStack.get().postgres().connect("postgres")) {
            SourceSessions.prepare(c, DatabaseType.POSTGRESQL);
            assertThat(show(c, "TimeZone")).isEqualTo("UTC");
            assertThat(show(c, "DateStyle")).isEqualTo("ISO, MDY");
            assertThat(show(c, "statement_timeout")).isEqualTo("0");
            assertThat(show(c, "enable_indexscan")).isEqualTo("off");
            assertThat(show(c, "max_parallel_workers_per_gather")).isEqualTo("0");
            // An expensive query over a big range would otherwise be planned with a Gather.
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE wide AS SELECT g AS id, md5(g::text) AS t FROM generate_series(1, 200000) g");
                st.execute("ANALYZE wide");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN SELECT id, CASE WHEN t ~ '^[0-9a-f]{32}$' AND upper(t) <> lower(t) "
                        + "AND translate(t, 'abcdef', '000000') <> '' THEN t END FROM wide WHERE id BETWEEN 1 AND 150000")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).doesNotContain("Gather");
            }
        }
    }

    private static String show(Connection c, String setting) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
