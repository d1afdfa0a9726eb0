package com.platform.datamigration.support.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The failures of a credentials fetch, as the codes a run's chunk records. */
class ConnectionCredentialsFailureCodeTest {

    @Test
    void eachFailureHasItsCodeAndAnythingElseIsAnOutage() {
        assertThat(ConnectionCredentials.failureCode(Problems.notFound("connection", new ConnectionId(UUID.randomUUID()))))
                .isEqualTo("CONNECTION_NOT_FOUND");
        assertThat(ConnectionCredentials.failureCode(Problems.of(HttpStatus.CONFLICT, "x", "CREDENTIALS_UNREADABLE", List.of())))
                .isEqualTo("CREDENTIALS_UNREADABLE");
        assertThat(ConnectionCredentials.failureCode(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "x", "SERVICE_UNAVAILABLE", List.of())))
                .isEqualTo("CONNECTION_SERVICE_UNAVAILABLE");
        assertThat(ConnectionCredentials.failureCode(new IllegalStateException("Timeout on blocking read")))
                .isEqualTo("CONNECTION_SERVICE_UNAVAILABLE");
    }
}
