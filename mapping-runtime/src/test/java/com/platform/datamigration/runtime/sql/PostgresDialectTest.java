package com.platform.datamigration.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL PostgreSQL is read and written with, as text. */
class PostgresDialectTest {

    private final PostgresDialect dialect = PostgresDialect.INSTANCE;

    @Test
    void identifiersAreDoubleQuotedWithTheirQuotesDoubled() {
        assertThat(SqlDialect.of(DatabaseType.POSTGRESQL)).isSameAs(dialect);
        assertThat(dialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(dialect.table("public", "order")).isEqualTo("\"public\".\"order\"");
        assertThat(dialect.columns(List.of("id", "na me"))).isEqualTo("\"id\", \"na me\"");
    }

    @Test
    void castsLeaveLengthLimitsToTheColumnSoNothingIsCutSilently() {
        assertThat(dialect.cast("x", "character varying(12)")).isEqualTo("CAST((x) AS character varying)");
        assertThat(dialect.cast("x", "character(3)")).isEqualTo("CAST((x) AS character(3))");
        assertThat(dialect.cast("x", "bit varying(8)")).isEqualTo("CAST((x) AS bit varying)");
        assertThat(dialect.cast("x", "character varying(5)[]")).isEqualTo("CAST((x) AS character varying[])");
        assertThat(dialect.cast("x", "numeric(12,2)")).isEqualTo("CAST((x) AS numeric(12,2))");
        assertThat(dialect.insert("t", List.of("a"), List.of("character varying(3)"), "")).contains("CAST(? AS character varying)");
    }

    @Test
    void anExpressionIsComputedAsTextWhereItNeedsNoLookup() {
        var types = java.util.Map.of("patient_id", Type.INTEGER);
        assertThat(dialect.expressionText(com.platform.datamigration.mapping.expression.Expression.compile(
                "concat('PA-', to_text(patient_id))", types))).get().asString()
                .startsWith("CAST((").endsWith(") AS text)").contains("\"patient_id\"", "'PA-'");
        Lookups lookups = Lookups.of(java.util.Map.of("patients", new Lookups.Target("public", "patient", "external_ref", "text", "id",
                Type.INTEGER)), (t, k) -> java.util.Optional.empty());
        assertThat(dialect.expressionText(com.platform.datamigration.mapping.expression.Expression.compile(
                "lookup('patients', to_text(patient_id))", types, lookups))).isEmpty();
    }

    @Test
    void aKeyRangeWithParametersCastsEachToTheKeyColumnsType() {
        List<String> binds = new ArrayList<>();
        String range = dialect.keyRangeParameters(List.of("a", "b"), List.of("bigint", "text"), List.of("1", "x"), List.of("5", "y"),
                binds);
        assertThat(range).isEqualTo("(\"a\", \"b\") >= (CAST(? AS bigint), CAST(? AS text)) "
                + "AND (\"a\", \"b\") < (CAST(? AS bigint), CAST(? AS text))");
        assertThat(binds).containsExactly("1", "x", "5", "y");
    }

    @Test
    void keyBoundsTravelAsTheirTextForm() {
        assertThat(dialect.keyText("na\"me", "bytea")).isEqualTo("\"na\"\"me\"::text");
        assertThat(dialect.keyText("mood", "splits_mood")).isEqualTo("\"mood\"::text");
    }

    @Test
    void aKeyRangeLeavesOutAMissingBound() {
        assertThat(dialect.keyRangeLiterals(List.of("id"), List.of("integer"), null, List.of("10")))
                .isEqualTo("(\"id\") < (CAST('10' AS integer))");
        assertThat(dialect.keyRangeLiterals(List.of("id"), List.of("integer"), null, null)).isEmpty();
    }

    @Test
    void literalsDoubleTheirQuotesAndRefuseNulCharacters() {
        assertThat(dialect.keyRangeLiterals(List.of("k"), List.of("text"), List.of("o'neil"), null))
                .isEqualTo("(\"k\") >= (CAST('o''neil' AS text))");
        assertThatThrownBy(() -> dialect.literal("a\0b", "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void integralRangesAcceptOnlyWholeNumbers() {
        assertThat(dialect.integralKeyRange(List.of("id"), List.of("1"), List.of("20"))).isEqualTo("(\"id\") >= (1) AND (\"id\") < (20)");
        assertThatThrownBy(() -> dialect.integralKeyRange(List.of("id"), List.of("1) OR (1"), null))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void tupleIdRangesAcceptOnlyTupleIds() {
        assertThat(dialect.tupleIdRange(List.of("(0,1)"), List.of("(10,1)")))
                .isEqualTo("(\"ctid\") >= ('(0,1)'::tid) AND (\"ctid\") < ('(10,1)'::tid)");
        assertThatThrownBy(() -> dialect.tupleIdRange(List.of("(0,1)'; DROP"), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copyStatementsNameTheirColumns() {
        assertThat(dialect.copyOut("SELECT 1")).isEqualTo("COPY (SELECT 1) TO STDOUT (FORMAT binary)");
        assertThat(dialect.copyIn("\"public\".\"t\"", List.of("a", "b"), " (FORMAT binary)"))
                .isEqualTo("COPY \"public\".\"t\" (\"a\", \"b\") FROM STDIN (FORMAT binary)");
        assertThat(dialect.createStaging("dm_staging", "\"public\".\"t\"", List.of("a")))
                .isEqualTo("CREATE TEMP TABLE dm_staging ON COMMIT DROP AS SELECT \"a\" FROM \"public\".\"t\" WITH NO DATA");
        assertThat(dialect.cast("btrim(\"nm\")", "text")).isEqualTo("CAST((btrim(\"nm\")) AS text)");
    }

    @Test
    void theConflictPolicyDecidesTheClause() {
        List<String> key = List.of("organization_id", "ref");
        assertThat(dialect.onConflict(OnConflict.UPSERT, key, List.of("name", "born")))
                .isEqualTo(" ON CONFLICT (\"organization_id\", \"ref\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"born\" = EXCLUDED.\"born\"");
        assertThat(dialect.onConflict(OnConflict.UPSERT, key, List.of())).isEqualTo(" ON CONFLICT (\"organization_id\", \"ref\") DO NOTHING");
        assertThat(dialect.onConflict(OnConflict.SKIP, key, List.of("name"))).isEqualTo(" ON CONFLICT (\"organization_id\", \"ref\") DO NOTHING");
        assertThat(dialect.onConflict(OnConflict.FAIL, key, List.of("name"))).isEmpty();
    }

    @Test
    void insertsCastEachParameterUnlessItsTypeIsLeftToTheServer() {
        assertThat(dialect.insert("\"public\".\"t\"", List.of("id", "organization_id"), Arrays.asList("bigint", null), ""))
                .isEqualTo("INSERT INTO \"public\".\"t\" (\"id\", \"organization_id\") VALUES (CAST(? AS bigint), ?)");
        assertThat(dialect.insertFromStaging("\"public\".\"t\"", "dm_staging", List.of("id"), " ON CONFLICT (\"id\") DO NOTHING"))
                .isEqualTo("INSERT INTO \"public\".\"t\" (\"id\") SELECT \"id\" FROM dm_staging ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void aLookupIsLimitedToTheOrganizationsRowsWhenScoped() {
        Lookups.Target patients = new Lookups.Target("public", "patient", "external_ref", "text", "id", Type.INTEGER);
        assertThat(dialect.lookup(patients, "organization_id")).isEqualTo(
                "SELECT \"id\" FROM \"public\".\"patient\" WHERE \"external_ref\" = CAST(? AS text) AND \"organization_id\" = ?");
        assertThat(dialect.lookup(patients, null))
                .isEqualTo("SELECT \"id\" FROM \"public\".\"patient\" WHERE \"external_ref\" = CAST(? AS text)");
    }

    @Test
    void reconciliationJoinsByTheKeyAndHashesBothSides() {
        assertThat(dialect.reconcile("dm_reconcile", "\"public\".\"t\"", List.of("organization_id", "id"), List.of("id", "name")))
                .isEqualTo("SELECT (SELECT count(*) FROM dm_reconcile), count(t.*), "
                        + "coalesce(sum(hashtextextended(ROW(r.\"id\", r.\"name\")::text, 0)), 0), "
                        + "coalesce(sum(hashtextextended(ROW(t.\"id\", t.\"name\")::text, 0)), 0) "
                        + "FROM dm_reconcile r JOIN \"public\".\"t\" t ON t.\"organization_id\" = r.\"organization_id\" AND t.\"id\" = r.\"id\"");
        assertThat(dialect.writtenBy(42)).isEqualTo("xmin = CAST('42' AS xid)");
    }

    @Test
    void aSamplesLongestValuesAreMeasuredAsText() {
        assertThat(dialect.textLength("nm")).isEqualTo("length(\"nm\"::text)");
    }
}
