package com.platform.datamigration.runtime.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.runtime.pushdown.Pushdown.Code;
import com.platform.datamigration.runtime.pushdown.Pushdown.How;
import com.platform.datamigration.runtime.pushdown.Pushdown.Path;
import com.platform.datamigration.runtime.target.TargetTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushdownTest {

    private static final Map<String, Type> SOURCE = Map.of("patient_id", Type.INTEGER, "dob_txt", Type.STRING, "sex_cd", Type.STRING,
            "ward_code", Type.STRING, "kind", Type.STRING);
    private static final Map<String, Lookups.Target> TARGETS = Map.of("wards",
            new Lookups.Target("public", "ward", "code", "text", "id", Type.INTEGER));
    private static final Lookups LOOKUPS = Lookups.of(TARGETS, (t, k) -> Optional.empty());

    private static TargetTable target(TargetTable.TargetColumn... extra) {
        List<TargetTable.TargetColumn> columns = new java.util.ArrayList<>(List.of(column("id", "bigint"), column("birth_date", "date"),
                column("sex", "text"), column("ward_id", "bigint"), column("label", "text"), column("organization_id", "text")));
        columns.addAll(List.of(extra));
        return new TargetTable("public", "patient", columns, List.of("organization_id", "id"), List.of());
    }

    private static TargetTable.TargetColumn column(String name, String type) {
        return new TargetTable.TargetColumn(name, type, true, false);
    }

    private static Map<String, Expression> fields(String... targetAndExpression) {
        Map<String, Expression> out = new LinkedHashMap<>();
        for (int i = 0; i < targetAndExpression.length; i += 2) {
            out.put(targetAndExpression[i], Expression.compile(targetAndExpression[i + 1], SOURCE, LOOKUPS));
        }
        return out;
    }

    private static Pushdown decide(DatabaseType type, Map<String, Expression> fields, TargetTable target) {
        return Pushdown.decide(type, fields, null, target, "organization_id", TARGETS);
    }

    @Test
    void jsonValuesAndTextArraysPipeInSql() {
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("label", "json_text(kind, 'name')", "tags", "split(ward_code, ',')"),
                target(column("tags", "text[]")));

        assertThat(p.path()).isEqualTo(Path.COPY_BINARY);
        assertThat(p.reasons()).isEmpty();
    }

    @Test
    void aMappingAllInSqlOnAPostgresqlSourcePipesEveryFieldInSql() {
        Pushdown p = Pushdown.decide(DatabaseType.POSTGRESQL, fields("id", "patient_id", "birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')",
                "sex", "map(sex_cd, 'F' -> 'female', else 'unknown')"), Expression.compile("patient_id > 0", SOURCE), target(),
                "organization_id", TARGETS);

        assertThat(p.path()).isEqualTo(Path.COPY_BINARY);
        assertThat(p.reasons()).isEmpty();
        assertThat(p.fields()).containsOnlyKeys("id", "birth_date", "sex");
        assertThat(p.fields().values()).allSatisfy(f -> assertThat(f).isEqualTo(new Pushdown.Field(true, How.SQL, null, null)));
        assertThat(p.filter()).isEqualTo(new Pushdown.Field(true, How.SQL, null, null));
    }

    @Test
    void aWholeLookupWithAKeyInSqlIsTranslatedByAJoin() {
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("id", "patient_id", "ward_id", "lookup('wards', trim(ward_code))"), target());

        assertThat(p.path()).isEqualTo(Path.COPY_BINARY_JOINED);
        assertThat(p.fields().get("id").how()).isEqualTo(How.SQL);
        assertThat(p.fields().get("ward_id")).isEqualTo(new Pushdown.Field(true, How.JOIN, null, null));
        assertThat(p.filter()).isNull();
    }

    @Test
    void aLookupInsideAnotherExpressionDecodesTheMappingAndSaysWhichFieldAndWhy() {
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("id", "patient_id", "label", "to_text(lookup('wards', ward_code))"), target());

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.fields().get("label").pushesDown()).isFalse();
        assertThat(p.fields().get("label").reason()).isEqualTo(Code.NESTED_LOOKUP);
        assertThat(p.fields().get("id").reason()).isEqualTo(Code.MAPPING_DECODED);
        assertThat(p.reasons()).extracting(Pushdown.Reason::code, Pushdown.Reason::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Code.NESTED_LOOKUP, "label"));
    }

    @Test
    void aLookupWhoseKeyIsALookupDoesNotCompileToSql() {
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("ward_id", "lookup('wards', to_text(lookup('wards', ward_code)))"), target());

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.fields().get("ward_id").reason()).isEqualTo(Code.LOOKUP_KEY_NOT_SQL);
    }

    @Test
    void oneJoinableLookupBesideANestedOneDoesNotJoin() {
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("ward_id", "lookup('wards', ward_code)",
                "label", "to_text(lookup('wards', ward_code))"), target());

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.fields().get("ward_id").reason()).isEqualTo(Code.MAPPING_DECODED);
        assertThat(p.fields().get("label").reason()).isEqualTo(Code.NESTED_LOOKUP);
    }

    @Test
    void aMariadbOrMysqlSourceDecodesEveryFieldAndSaysSoOnceForTheMapping() {
        for (DatabaseType type : List.of(DatabaseType.MARIADB, DatabaseType.MYSQL)) {
            Pushdown p = decide(type, fields("id", "patient_id", "sex", "map(sex_cd, 'F' -> 'female', else 'unknown')"), target());

            assertThat(p.path()).isEqualTo(Path.DECODE);
            assertThat(p.reasons()).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(Code.SOURCE_NOT_POSTGRESQL);
                assertThat(r.field()).isNull();
            });
            assertThat(p.fields().values()).allSatisfy(f -> {
                assertThat(f.pushesDown()).isFalse();
                assertThat(f.reason()).isEqualTo(Code.MAPPING_DECODED);
            });
        }
    }

    @Test
    void aTargetColumnOfAUserDefinedTypeIsConvertedInJava() {
        TargetTable target = target(new TargetTable.TargetColumn("kind", "public.patient_kind", false, false));
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("id", "patient_id", "kind", "kind"), target);

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.fields().get("kind").reason()).isEqualTo(Code.TARGET_TYPE_NOT_BUILTIN);
        assertThat(p.fields().get("kind").message()).contains("public.patient_kind");
        assertThat(p.reasons()).extracting(Pushdown.Reason::field).containsExactly("kind");
    }

    @Test
    void aTenantColumnOfAUserDefinedTypeDecodesTheMapping() {
        TargetTable target = new TargetTable("public", "patient", List.of(column("id", "bigint"),
                new TargetTable.TargetColumn("organization_id", "public.org_id", false, true)), List.of("organization_id", "id"), List.of());
        Pushdown p = decide(DatabaseType.POSTGRESQL, fields("id", "patient_id"), target);

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.reasons()).extracting(Pushdown.Reason::code).containsExactly(Code.TENANT_TYPE_NOT_BUILTIN);
        assertThat(p.fields().get("id").reason()).isEqualTo(Code.MAPPING_DECODED);
    }

    @Test
    void onASingleTenantPlatformNoTenantColumnIsChecked() {
        TargetTable target = new TargetTable("public", "patient", List.of(column("id", "bigint")), List.of("id"), List.of());

        assertThat(Pushdown.decide(DatabaseType.POSTGRESQL, fields("id", "patient_id"), null, target, null, Map.of()).path())
                .isEqualTo(Path.COPY_BINARY);
    }

    @Test
    void aFilterThatLooksUpDecodesTheMapping() {
        Pushdown p = Pushdown.decide(DatabaseType.POSTGRESQL, fields("id", "patient_id"),
                Expression.compile("lookup('wards', ward_code) is null", SOURCE, LOOKUPS), target(), "organization_id", TARGETS);

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.filter().reason()).isEqualTo(Code.FILTER_LOOKUP);
        assertThat(p.reasons()).extracting(Pushdown.Reason::code).containsExactly(Code.FILTER_LOOKUP);
    }

    @Test
    void aLookupOfAMappingWithoutAKnownTargetIsNotJoined() {
        Pushdown p = Pushdown.decide(DatabaseType.POSTGRESQL, fields("ward_id", "lookup('wards', ward_code)"), null, target(),
                "organization_id", Map.of());

        assertThat(p.path()).isEqualTo(Path.DECODE);
        assertThat(p.fields().get("ward_id").reason()).isEqualTo(Code.LOOKUP_TARGET_UNKNOWN);
    }
}
