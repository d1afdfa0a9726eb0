package com.platform.datamigration.run.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.FailureCode;
import com.platform.datamigration.support.source.SourceException;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every way planning can fail ends the run with a code, so that no run is left planning for ever. */
class PlannerFailureTest {

    @Test
    void eachFailureBecomesACodeAndAMessageWithoutItsText() {
        assertThat(Planner.failure(new SourceException(FailureCode.UNREACHABLE, null)).code()).isEqualTo("UNREACHABLE");
        Planner.Failure sql = Planner.failure(new SQLException("relation \"secret_table\" does not exist", "42P01"));
        assertThat(sql.code()).isEqualTo("PLANNING_FAILED");
        assertThat(sql.message()).contains("42P01").doesNotContain("secret_table");
        String missing = ConnectionCredentials.failureCode(Problems.notFound("connection", new ConnectionId(UUID.randomUUID())));
        assertThat(Planner.failure(new Planner.CredentialsUnavailable(missing)).code()).isEqualTo("CONNECTION_NOT_FOUND");
        Planner.Failure bug = Planner.failure(new IllegalStateException("Timeout on blocking read for 15000000000 NANOSECONDS"));
        assertThat(bug.code()).isEqualTo("PLANNING_FAILED");
        assertThat(bug.message()).doesNotContain("Timeout");
    }
}
