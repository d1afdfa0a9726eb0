package com.platform.datamigration.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.StackEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sets for the local stack is added to what the stack needs, never in place of it. */
class StackEnvironmentTest {

    @Test
    void aUsersOwnSourcesAreAddedToTheStacksAllowedTargets() {
        assertThat(StackEnvironment.allowedTargets("127.0.0.1:5432", Map.of())).isEqualTo("127.0.0.1:5432");
        assertThat(StackEnvironment.allowedTargets("127.0.0.1:5432", Map.of("DM_CONNECTIONS_ALLOWED_TARGETS", "10.1.2.3:5432, db.example")))
                .isEqualTo("127.0.0.1:5432,10.1.2.3:5432,db.example");
        assertThat(StackEnvironment.allowedTargets("127.0.0.1:5432", Map.of(StackEnvironment.ALLOWED_TARGETS_RELAXED, "10.20.0.0/16,",
                "DM_CONNECTIONS_ALLOWED_TARGETS", "127.0.0.1:5432")))
                .as("the relaxed spelling is merged too, and nothing is listed twice").isEqualTo("127.0.0.1:5432,10.20.0.0/16");
    }
}
