package com.platform.datamigration.run.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A mapping that looks another up runs in a later stage, however its lookup is spelled. */
class RunStagesTest {

    private static final TableInfo SOURCE = new TableInfo("public", "legacy", "TABLE", 10, null, List.of(
            new TableInfo.ColumnInfo("id", 1, "bigint", "INT64", false, null, null, null, null, false)),
            List.of("id"), List.of(), List.of(), List.of());

    private static Pinned mapping(String name, String table, String idExpression) {
        TargetTable target = new TargetTable("public", table, List.of(new TargetTable.TargetColumn("id", "bigint", true, true)),
                List.of("id"), List.of());
        Pinned.Spec spec = new Pinned.Spec(name, new Pinned.Source(UUID.randomUUID(), "public", "legacy"),
                new Pinned.Target("public", table), List.of("id"), OnConflict.UPSERT, null, List.of(new Pinned.Field("id", idExpression)));
        return new Pinned(UUID.randomUUID(), 1, spec, DatabaseType.POSTGRESQL, SOURCE, target, Map.of());
    }

    @Test
    void aLookupPutsTheChildAfterItsParentWhateverItsCaseOrSpacing() {
        Pinned parent = mapping("patients", "patient", "id");
        for (String lookup : List.of("lookup('patients', id)", "LOOKUP('patients', id)", "lookup( 'patients', id)",
                "coalesce(Lookup(\t'patients' , id), 0)")) {
            assertThat(RunStages.of(List.of(mapping("appointments", "appointment", lookup), parent))).as(lookup).containsExactly(1, 0);
        }
    }

    @Test
    void aMappingNamedOnlyInsideAStringIsNoDependency() {
        Pinned parent = mapping("patients", "patient", "id");
        assertThat(RunStages.of(List.of(mapping("notes", "note", "length('lookup(''patients''')"), parent))).containsExactly(0, 0);
    }
}
