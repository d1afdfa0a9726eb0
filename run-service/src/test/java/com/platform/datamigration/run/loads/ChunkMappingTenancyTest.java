package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.runs.Pinned;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.target.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the engine adds to its SQL for the tenant column of a shared target table. */
class ChunkMappingTenancyTest {

    static final TableInfo SOURCE = new TableInfo("public", "legacy", "TABLE", 10, null, List.of(
            new TableInfo.ColumnInfo("legacy_id", 1, "bigint", "INT64", false, null, null, null, null, false),
            new TableInfo.ColumnInfo("nm", 2, "text", "STRING", true, null, null, null, null, false)),
            List.of("legacy_id"), List.of(), List.of(), List.of());

    static final TargetTable TARGET = new TargetTable("public", "thing", List.of(
            new TargetTable.TargetColumn("organization_id", "text", true, true),
            new TargetTable.TargetColumn("id", "bigint", true, true),
            new TargetTable.TargetColumn("name", "text", true, false)),
            List.of("organization_id", "id"), List.of());

    static Pinned pinned(String... fieldsAndExpressions) {
        List<Pinned.Field> fields = new java.util.ArrayList<>();
        for (int i = 0; i < fieldsAndExpressions.length; i += 2) {
            fields.add(new Pinned.Field(fieldsAndExpressions[i], fieldsAndExpressions[i + 1]));
        }
        Pinned.Spec spec = new Pinned.Spec("things", new Pinned.Source(UUID.randomUUID(), "public", "legacy"),
                new Pinned.Target("public", "thing"), List.of("id"), MappingSaved.OnConflict.UPSERT, null, fields);
        return new Pinned(UUID.randomUUID(), 1, spec, DatabaseType.POSTGRESQL, SOURCE, TARGET, Map.of());
    }

    @Test
    void thePipeSelectsTheOrganizationAsATypedLiteralAfterTheMappedValues() {
        ChunkMapping mapping = new ChunkMapping(pinned("id", "legacy_id", "name", "trim(nm)"),
                TargetTenancy.defaults().scope("acme's\\"));
        String select = new ChunkStatements(mapping).mappedSelect(KeyRange.keys(List.of("1"), List.of("100")));
        assertThat(select).startsWith("SELECT CAST((\"legacy_id\") AS bigint), CAST((btrim(\"nm\")) AS text), "
                + "CAST(E'acme''s\\\\' AS text) FROM \"public\".\"legacy\" WHERE ");
        assertThat(mapping.fastPathPossible()).isTrue();
    }

    @Test
    void aSingleTenantPlatformWritesOnlyTheMappedColumns() {
        ChunkMapping mapping = new ChunkMapping(pinned("id", "legacy_id", "name", "nm"), TenantScope.NONE);
        assertThat(new ChunkStatements(mapping).mappedSelect(KeyRange.WHOLE))
                .isEqualTo("SELECT CAST((\"legacy_id\") AS bigint), CAST((\"nm\") AS text) FROM \"public\".\"legacy\" WHERE TRUE");
    }

    @Test
    void aMappingThatWritesTheTenantColumnOrATargetWithoutItIsRefused() {
        assertThatThrownBy(() -> new ChunkMapping(pinned("id", "legacy_id", "organization_id", "'other'"),
                TargetTenancy.defaults().scope("acme"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("tenant column");
        assertThatThrownBy(() -> new ChunkMapping(pinned("id", "legacy_id"), new TargetTenancy("tenant_id", true).scope("acme")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no tenant column");
    }

    @Test
    void anOrganizationIdCannotCarryANulCharacter() {
        assertThatThrownBy(() -> TargetTenancy.defaults().scope("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TargetTenancy("organization_id", false).scope("acme")).isEqualTo(TenantScope.NONE);
    }
}
