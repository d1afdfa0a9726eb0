package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.runs.Pinned;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.target.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SQL a chunk is read and written with, as generated, for each kind of range, engine and conflict policy. */
class ChunkStatementsTest {

    private static final TableInfo SOURCE = new TableInfo("legacy", "visit \"x\"", "TABLE", 10, null, List.of(
            new TableInfo.ColumnInfo("clinic", 1, "text", "STRING", false, null, null, null, null, false),
            new TableInfo.ColumnInfo("visit_no", 2, "bigint", "INT64", false, null, null, null, null, false),
            new TableInfo.ColumnInfo("note", 3, "text", "STRING", true, null, null, null, null, false)),
            List.of("clinic", "visit_no"), List.of(), List.of(), List.of());

    private static final TargetTable TARGET = new TargetTable("public", "visit", List.of(
            new TargetTable.TargetColumn("organization_id", "text", true, true),
            new TargetTable.TargetColumn("code", "text", true, true),
            new TargetTable.TargetColumn("note", "text", true, false)),
            List.of("organization_id", "code"), List.of());

    private static ChunkStatements statements(DatabaseType type, OnConflict policy, TenantScope tenant) {
        List<Pinned.Field> fields = new ArrayList<>(List.of(new Pinned.Field("code", "clinic"),
                new Pinned.Field("note", "note")));
        Pinned.Spec spec = new Pinned.Spec("visits", new Pinned.Source(UUID.randomUUID(), "legacy", "visit \"x\""),
                new Pinned.Target("public", "visit"), List.of("code"), policy, null, fields);
        return new ChunkStatements(new ChunkMapping(new Pinned(UUID.randomUUID(), 1, spec, type, SOURCE, TARGET, Map.of()), tenant));
    }

    private static ChunkStatements postgres() {
        return statements(DatabaseType.POSTGRESQL, OnConflict.UPSERT, TargetTenancy.defaults().scope("acme"));
    }

    /** The benchmark's legacy_patients mapped onto its patient table. */
    static ChunkStatements benchmark() {
        String[][] columns = {{"patient_id", "bigint", "INT64", "n"}, {"mrn", "character varying", "STRING", "n"},
            {"first_nm", "character varying", "STRING", "y"}, {"last_nm", "character varying", "STRING", "y"},
            {"dob_txt", "character varying", "STRING", "y"}, {"sex_cd", "character", "STRING", "y"},
            {"email_addr", "character varying", "STRING", "y"}, {"phone_no", "character varying", "STRING", "y"},
            {"balance_txt", "character varying", "STRING", "y"}, {"is_active", "smallint", "INT16", "y"},
            {"created_ts", "timestamp without time zone", "TIMESTAMP", "y"}, {"notes", "text", "STRING", "y"}};
        List<TableInfo.ColumnInfo> source = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            source.add(new TableInfo.ColumnInfo(columns[i][0], i + 1, columns[i][1], columns[i][2], columns[i][3].equals("y"), null, null,
                    null, null, false));
        }
        String[][] target = {{"organization_id", "text", "y"}, {"id", "bigint", "y"}, {"medical_record_number", "text", "y"},
            {"given_name", "text", "n"}, {"family_name", "text", "n"}, {"birth_date", "date", "n"}, {"sex", "text", "y"},
            {"email", "text", "n"}, {"phone", "text", "n"}, {"balance", "numeric(12,2)", "n"}, {"active", "boolean", "y"},
            {"created_at", "timestamp with time zone", "y"}, {"notes", "text", "n"}};
        List<TargetTable.TargetColumn> targetColumns = new ArrayList<>();
        for (String[] t : target) {
            targetColumns.add(new TargetTable.TargetColumn(t[0], t[1], true, t[2].equals("y")));
        }
        String[][] rules = {{"id", "patient_id"}, {"medical_record_number", "mrn"}, {"given_name", "trim(first_nm)"},
            {"family_name", "last_nm"}, {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"},
            {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"}, {"email", "email_addr"}, {"phone", "phone_no"},
            {"balance", "to_decimal(balance_txt, 12, 2)"}, {"active", "is_active <> 0"}, {"created_at", "utc(created_ts)"},
            {"notes", "coalesce(notes, '')"}};
        List<Pinned.Field> fields = new ArrayList<>();
        for (String[] r : rules) {
            fields.add(new Pinned.Field(r[0], r[1]));
        }
        Pinned.Spec spec = new Pinned.Spec("patients", new Pinned.Source(UUID.randomUUID(), "public", "legacy_patients"),
                new Pinned.Target("public", "patient"), List.of("id"), OnConflict.UPSERT, null, fields);
        TableInfo table = new TableInfo("public", "legacy_patients", "TABLE", 1_000_000, null, source, List.of("patient_id"), List.of(),
                List.of(), List.of());
        return new ChunkStatements(new ChunkMapping(new Pinned(UUID.randomUUID(), 1, spec, DatabaseType.POSTGRESQL, table,
                new TargetTable("public", "patient", targetColumns, List.of("organization_id", "id"), List.of()), Map.of()),
                TargetTenancy.defaults().scope("bench")));
    }

    @Test
    void aSiftedSelectGuardsOnlyWhatCanFailOnceARowAndEndsWithTheKeyAsMarker() {
        String sifted = benchmark().siftedSelect(KeyRange.WHOLE);
        // The date's shape and calendar, the number's shape and precision, the timestamp a NOT NULL column needs; not the
        // balance's precision twice (to_decimal(…, 12, 2) already is a numeric(12,2)), nor what can never be null.
        assertThat(sifted).startsWith("SELECT CAST((\"patient_id\") AS bigint), CAST((\"mrn\") AS text), ").contains(" AS dm_row_ok FROM \"public\".\"legacy_patients\" WHERE TRUE OFFSET 0) dm_rows")
                .contains("(\"dob_txt\" COLLATE \"C\") LIKE '__/__/____'")
                .contains("(\"created_ts\" IS NOT NULL)")
                .doesNotContain("\"mrn\") IS NOT NULL").doesNotContain("abs(round(CAST((CASE")
                .endsWith(", CASE WHEN dm_row_ok THEN NULL ELSE CAST(\"patient_id\" AS text) END FROM (SELECT \"patient_id\", \"mrn\", "
                        + "\"first_nm\", \"last_nm\", \"dob_txt\", \"sex_cd\", \"email_addr\", \"phone_no\", \"balance_txt\", "
                        + "\"is_active\", \"created_ts\", \"notes\", " + benchmark().rowGuard() + " AS dm_row_ok FROM \"public\".\"legacy_patients\" "
                        + "WHERE TRUE OFFSET 0) dm_rows");
        assertThat(benchmark().markers()).isEqualTo(1);
    }

    @Test
    void aCompositeKeyRangeIsATupleComparisonOfTypedLiterals() {
        assertThat(postgres().rangeLiteral(KeyRange.keys(List.of("Zürich", "9"), List.of("zurich", "10"))))
                .isEqualTo("(\"clinic\", \"visit_no\") >= (CAST('Zürich' AS text), CAST('9' AS bigint)) AND "
                        + "(\"clinic\", \"visit_no\") < (CAST('zurich' AS text), CAST('10' AS bigint))");
        assertThat(postgres().rangeLiteral(KeyRange.keys(null, List.of("o'brien", "1"))))
                .isEqualTo("(\"clinic\", \"visit_no\") < (CAST('o''brien' AS text), CAST('1' AS bigint))");
        assertThat(postgres().rangeLiteral(KeyRange.WHOLE)).isEqualTo("TRUE");
    }

    @Test
    void aPageRangeIsATupleIdRange() {
        assertThat(postgres().rangeLiteral(KeyRange.pages(128L, 256L)))
                .isEqualTo("(\"ctid\") >= ('(128,0)'::tid) AND (\"ctid\") < ('(256,0)'::tid)");
        assertThat(postgres().rangeLiteral(KeyRange.pages(null, 64L))).isEqualTo("(\"ctid\") < ('(64,0)'::tid)");
    }

    @Test
    void theDecodePathBindsTheBoundsAsTypedParametersOnEitherEngine() {
        List<String> binds = new ArrayList<>();
        assertThat(postgres().sourceSelect(KeyRange.keys(List.of("a", "1"), null), binds))
                .isEqualTo("SELECT \"clinic\", \"visit_no\", \"note\" FROM \"legacy\".\"visit \"\"x\"\"\" WHERE "
                        + "(\"clinic\", \"visit_no\") >= (CAST(? AS text), CAST(? AS bigint))");
        assertThat(binds).containsExactly("a", "1");

        binds.clear();
        ChunkStatements mysql = statements(DatabaseType.MARIADB, OnConflict.UPSERT, TenantScope.NONE);
        assertThat(mysql.sourceSelect(KeyRange.keys(List.of("a", "1"), List.of("b", "2")), binds))
                .startsWith("SELECT `clinic`, `visit_no`, `note` FROM `legacy`.`visit \"x\"` WHERE (`clinic`, `visit_no`) >= (");
        assertThat(binds).containsExactly("a", "1", "b", "2");
        assertThat(mysql.sourceSelect(KeyRange.WHOLE, binds)).endsWith(" WHERE 1 = 1");
    }

    @Test
    void mergesAndInsertsMatchConflictsOnTheTenantAndTheMappingsKey() {
        assertThat(postgres().mergeFromStaging("dm_stage")).isEqualTo("INSERT INTO \"public\".\"visit\" (\"code\", \"note\", "
                + "\"organization_id\") SELECT \"code\", \"note\", \"organization_id\" FROM dm_stage ON CONFLICT (\"organization_id\", "
                + "\"code\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
        assertThat(statements(DatabaseType.POSTGRESQL, OnConflict.SKIP, TargetTenancy.defaults().scope("acme")).mergeFromStaging("s"))
                .endsWith(" ON CONFLICT (\"organization_id\", \"code\") DO NOTHING");
        // FAIL never merges: a staged merge takes SKIP's form, the row-by-row insert lets the target refuse.
        ChunkStatements failing = statements(DatabaseType.POSTGRESQL, OnConflict.FAIL, TargetTenancy.defaults().scope("acme"));
        assertThat(failing.rowInsert().sql()).isEqualTo("INSERT INTO \"public\".\"visit\" (\"code\", \"note\", \"organization_id\") "
                + "VALUES (CAST(? AS text), CAST(? AS text), CAST(? AS text))");
        assertThat(statements(DatabaseType.POSTGRESQL, OnConflict.UPSERT, TenantScope.NONE).rowInsert().sql())
                .endsWith("VALUES (CAST(? AS text), CAST(? AS text)) ON CONFLICT (\"code\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
    }

    @Test
    void copiesNameTheWrittenColumnsWithTheTenantLast() {
        assertThat(postgres().copyIn("\"public\".\"visit\"", " (FORMAT binary)"))
                .isEqualTo("COPY \"public\".\"visit\" (\"code\", \"note\", \"organization_id\") FROM STDIN (FORMAT binary)");
        assertThat(postgres().copyOut(KeyRange.WHOLE)).startsWith("COPY (SELECT CAST((").endsWith(") TO STDOUT (FORMAT binary)");
        assertThat(postgres().createStaging("dm_stage")).isEqualTo("CREATE TEMP TABLE dm_stage ON COMMIT DROP AS SELECT "
                + "CAST(\"code\" AS text) AS \"code\", CAST(\"note\" AS text) AS \"note\", CAST(\"organization_id\" AS text) AS "
                + "\"organization_id\" FROM \"public\".\"visit\" WITH NO DATA");
    }

    @Test
    void aReadBackSeesOnlyThisTransactionsRowsOfTheOrganizationInTheRange() {
        assertThat(postgres().readBack(KeyRange.WHOLE, 4711)).isEqualTo("COPY (SELECT \"code\", \"note\", \"organization_id\" FROM "
                + "\"public\".\"visit\" WHERE xmin = CAST('4711' AS xid) AND \"organization_id\" = CAST(E'acme' AS text)) TO STDOUT "
                + "(FORMAT binary)");
        assertThatThrownBy(() -> postgres().readBack(KeyRange.pages(1L, 2L), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reconciliationJoinsOnTheTenantAndTheKey() {
        assertThat(postgres().reconcile("dm_reconcile")).contains("t.\"organization_id\" = r.\"organization_id\" AND t.\"code\" = r.\"code\"");
    }
}
