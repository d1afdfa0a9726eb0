package com.platform.datamigration.runtime.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-row write a run and a preview share, as SQL for each conflict policy. */
class RowInsertTest {

    private static RowInsert insert(OnConflict policy) {
        return new RowInsert("public", "patient", List.of("id", "mrn", "organization_id"), Arrays.asList("bigint", "text", null),
                policy, List.of("organization_id", "id"), List.of("mrn"));
    }

    @Test
    void eachPolicyHasItsClauseAndUntypedColumnsTakeTheServersType() {
        assertThat(insert(OnConflict.UPSERT).sql()).isEqualTo("INSERT INTO \"public\".\"patient\" (\"id\", \"mrn\", \"organization_id\") "
                + "VALUES (CAST(? AS bigint), CAST(? AS text), ?) ON CONFLICT (\"organization_id\", \"id\") DO UPDATE SET "
                + "\"mrn\" = EXCLUDED.\"mrn\"");
        assertThat(insert(OnConflict.SKIP).sql()).endsWith("?) ON CONFLICT (\"organization_id\", \"id\") DO NOTHING");
        assertThat(insert(OnConflict.FAIL).sql()).endsWith("VALUES (CAST(? AS bigint), CAST(? AS text), ?)");
    }

    @Test
    void everyColumnHasAType() {
        assertThatThrownBy(() -> new RowInsert("public", "patient", List.of("id", "mrn"), List.of("bigint"), OnConflict.FAIL,
                List.of("id"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
