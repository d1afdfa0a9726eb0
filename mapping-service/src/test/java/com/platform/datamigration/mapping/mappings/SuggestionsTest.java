package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Proposals for the demo clinic's legacy tables onto the platform's, whose ids the database generates. */
class SuggestionsTest {

    private static final UUID CONNECTION = UUID.randomUUID();

    // Source columns: name, native type, normalized type.
    private static TableInfo source(String table, List<String> primaryKey, List<TableInfo.ForeignKey> foreignKeys, String... columns) {
        List<TableInfo.ColumnInfo> out = new ArrayList<>();
        for (int i = 0; i < columns.length; i += 3) {
            out.add(new TableInfo.ColumnInfo(columns[i], i / 3 + 1, columns[i + 1], columns[i + 2], true, null, null, null, null, false));
        }
        return new TableInfo("public", table, "TABLE", 100, 8192L, out, primaryKey, List.of(), foreignKeys, List.of());
    }

    private static TableInfo.ForeignKey sourceFk(String column, String table, String referenced) {
        return new TableInfo.ForeignKey(table + "_" + column + "_fkey", List.of(column), "public", table, List.of(referenced));
    }

    private static TargetCatalog.TargetField field(String name, String type, String normalized) {
        return new TargetCatalog.TargetField(name, type, normalized, true, false, false, false, null, null, null);
    }

    private static TargetCatalog.TargetField identity(String name) {
        return new TargetCatalog.TargetField(name, "bigint", "INT64", false, false, true, false, null, null, null);
    }

    private static TargetCatalog.TargetTable platform(String table, List<TargetCatalog.TargetField> fields, List<String> references) {
        List<TableInfo.ForeignKey> fks = new ArrayList<>();
        for (int i = 0; i < references.size(); i += 2) {
            fks.add(new TableInfo.ForeignKey(table + "_fk" + i, List.of("organization_id", references.get(i)), "public",
                    references.get(i + 1), List.of("organization_id", "id")));
        }
        return new TargetCatalog.TargetTable("public", table, fields, List.of("id"),
                List.of(new TableInfo.UniqueConstraint(table + "_ref", List.of("organization_id", "external_ref"))), fks, "organization_id",
                List.of(List.of("external_ref")));
    }

    private static final TargetCatalog.TargetTable PATIENT = platform("patient", List.of(identity("id"), field("external_ref", "text", "STRING"),
            field("medical_record_number", "text", "STRING"), field("given_name", "text", "STRING"),
            field("family_name", "text", "STRING"), field("birth_date", "date", "DATE"), field("active", "boolean", "BOOLEAN"),
            field("created_at", "timestamp with time zone", "TIMESTAMPTZ"), field("primary_provider_id", "bigint", "INT64")),
            List.of("primary_provider_id", "provider"));

    private static final TableInfo PATIENTS = source("patients", List.of("patient_id"),
            List.of(sourceFk("primary_provider_id", "providers", "provider_id")),
            "patient_id", "bigint", "INT64", "mrn", "varchar(20)", "STRING", "first_nm", "varchar(60)", "STRING",
            "last_nm", "varchar(60)", "STRING", "dob_txt", "varchar(10)", "STRING", "is_active", "smallint", "INT16",
            "created_ts", "timestamp without time zone", "TIMESTAMP", "primary_provider_id", "integer", "INT32");

    private static final Map<String, Lookups.Target> LOOKUP_TARGETS = Map.of(
            "providers", new Lookups.Target("public", "provider", "external_ref", "text", "id", Type.INTEGER),
            "patients", new Lookups.Target("public", "patient", "external_ref", "text", "id", Type.INTEGER));

    private static Suggestions.Context context(Map<String, List<String>> samples, Suggestions.Loader... loaders) {
        return new Suggestions.Context(CONNECTION, samples, List.of(loaders), Set.of("public.provider", "public.patient"),
                Lookups.of(LOOKUP_TARGETS, (t, k) -> Optional.empty()));
    }

    private static final Suggestions.Loader PROVIDERS = new Suggestions.Loader("providers", "public", "provider", "to_text(provider_id)",
            new MappingSpec.Source(CONNECTION, "public", "providers"));
    private static final Suggestions.Loader PATIENTS_LOADER = new Suggestions.Loader("patients", "public", "patient",
            "concat('PA-', to_text(patient_id))", new MappingSpec.Source(CONNECTION, "public", "patients"));

    private static Map<String, Suggestions.Suggestion> byTarget(List<Suggestions.Suggestion> suggestions) {
        Map<String, Suggestions.Suggestion> out = new LinkedHashMap<>();
        suggestions.forEach(s -> out.put(s.target(), s));
        return out;
    }

    @Test
    void aGeneratedIdIsNeverProposedAndTheSourceKeyGoesIntoTheTargetsOwnKeyField() {
        Map<String, Suggestions.Suggestion> s = byTarget(Suggestions.suggest(PATIENTS, PATIENT, context(Map.of(), PROVIDERS)));
        assertThat(s).doesNotContainKey("id");
        assertThat(s.get("external_ref").expression()).isEqualTo("to_text(patient_id)");
        assertThat(s.get("external_ref").reason()).contains("primary key", "fills id");
        assertThat(s.get("medical_record_number").expression()).isEqualTo("mrn");
        assertThat(s.get("given_name").expression()).isEqualTo("trim(first_nm)");
        assertThat(s.get("active").expression()).isEqualTo("is_active <> 0");
        assertThat(s.get("created_at").expression()).isEqualTo("utc(created_ts)");
    }

    @Test
    void aForeignKeyToATableAnotherMappingLoadsIsALookupBuiltLikeThatMappingsKey() {
        Map<String, Suggestions.Suggestion> s = byTarget(Suggestions.suggest(PATIENTS, PATIENT, context(Map.of(), PROVIDERS)));
        assertThat(s.get("primary_provider_id").expression()).isEqualTo("lookup('providers', to_text(primary_provider_id))");
        assertThat(s.get("primary_provider_id").reason()).contains("public.provider", "'providers'");

        TableInfo appointments = source("appointments", List.of("appt_id"), List.of(sourceFk("patient_id", "patients", "patient_id")),
                "appt_id", "bigint", "INT64", "patient_id", "bigint", "INT64", "doctor", "integer", "INT32", "reason_txt", "text", "STRING");
        TargetCatalog.TargetTable appointment = platform("appointment", List.of(identity("id"), field("external_ref", "text", "STRING"),
                field("patient_id", "bigint", "INT64"), field("provider_id", "bigint", "INT64"), field("reason", "text", "STRING")),
                List.of("patient_id", "patient", "provider_id", "provider"));
        Map<String, Suggestions.Suggestion> a = byTarget(Suggestions.suggest(appointments, appointment,
                context(Map.of(), PATIENTS_LOADER, PROVIDERS)));
        assertThat(a.get("patient_id").expression()).isEqualTo("lookup('patients', concat('PA-', to_text(patient_id)))");
        assertThat(a).as("no source column refers to providers or is named like provider_id").doesNotContainKey("provider_id");
        assertThat(a.get("external_ref").expression()).isEqualTo("to_text(appt_id)");
        assertThat(a.get("reason").expression()).isEqualTo("reason_txt");
        for (Suggestions.Suggestion suggestion : a.values()) {
            Expression.compile(suggestion.expression(), Map.of("appt_id", Type.INTEGER, "patient_id", Type.INTEGER, "doctor",
                    Type.INTEGER, "reason_txt", Type.STRING), Lookups.of(LOOKUP_TARGETS, (t, k) -> Optional.empty()));
        }
    }

    @Test
    void aForeignKeyToAGeneratedKeyWithoutAMappingThatLoadsItIsNotProposedAsTheRawLegacyId() {
        Map<String, Suggestions.Suggestion> s = byTarget(Suggestions.suggest(PATIENTS, PATIENT, context(Map.of())));
        assertThat(s).doesNotContainKey("primary_provider_id");
        assertThat(byTarget(Suggestions.suggest(PATIENTS, PATIENT))).as("without the organization's mappings: names only")
                .containsKey("given_name").doesNotContainKey("id");
    }

    @Test
    void aKeyTheTargetTakesFromTheSourceIsStillTheSourcesPrimaryKey() {
        // The benchmark's patient: id is the legacy key itself, no default.
        TargetCatalog.TargetTable bench = new TargetCatalog.TargetTable("public", "patient", List.of(
                new TargetCatalog.TargetField("id", "bigint", "INT64", false, false, false, true, null, null, null),
                field("given_name", "text", "STRING")), List.of("organization_id", "id"), List.of(), List.of(), "organization_id",
                List.of(List.of("id")));
        Map<String, Suggestions.Suggestion> s = byTarget(Suggestions.suggest(PATIENTS, bench));
        assertThat(s.get("id").expression()).isEqualTo("patient_id");
        // A key filled by a sequence (serial) is the database's, as an identity is.
        TargetCatalog.TargetTable serial = new TargetCatalog.TargetTable("public", "patient", List.of(
                new TargetCatalog.TargetField("id", "bigint", "INT64", false, true, false, false, null, null, null),
                field("legacy_id", "text", "STRING"), field("given_name", "text", "STRING")), List.of("organization_id", "id"),
                List.of(new TableInfo.UniqueConstraint("u", List.of("organization_id", "legacy_id"))), List.of(), "organization_id",
                List.of(List.of("legacy_id")));
        Map<String, Suggestions.Suggestion> t = byTarget(Suggestions.suggest(PATIENTS, serial));
        assertThat(t).doesNotContainKey("id");
        assertThat(t.get("legacy_id").expression()).isEqualTo("to_text(patient_id)");
    }

    @Test
    void theDateFormatMostSampledValuesMatchIsProposedAndTheOthersSeenAreNoted() {
        List<String> dob = List.of("01/02/1990", "12/31/1999", "02/29/2024", "1990-05-06", "1991-07-08", "03.04.1985", "13/45/1990",
                "12/25/1980");
        Suggestions.Suggestion birth = byTarget(Suggestions.suggest(PATIENTS, PATIENT, context(Map.of("dob_txt", dob)))).get("birth_date");
        assertThat(birth.expression()).isEqualTo("parse_date(dob_txt, 'MM/DD/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY')");
        assertThat(birth.reason()).contains("4 of 8 sampled values read as MM/DD/YYYY");
        assertThat(birth.note()).contains("other formats seen and tried after MM/DD/YYYY: YYYY-MM-DD (2), DD.MM.YYYY (1)",
                "1 of 8 sampled values match no known format", "'13/45/1990'");

        // Days above 12 show a second, day-first format: reading the other values both ways would be a guess.
        Suggestions.Suggestion mixed = byTarget(Suggestions.suggest(PATIENTS, PATIENT,
                context(Map.of("dob_txt", List.of("01/02/1990", "12/31/1999", "25/12/1980", "", " ", "2001-02-03"))))).get("birth_date");
        assertThat(mixed.expression()).isEqualTo("parse_date(nullif(trim(dob_txt), ''), 'MM/DD/YYYY', 'YYYY-MM-DD')");
        assertThat(mixed.note()).contains("values also read as DD/MM/YYYY (1)", "not tried", "2 of 6 sampled values are blank, read as null");

        Suggestions.Suggestion european = byTarget(Suggestions.suggest(PATIENTS, PATIENT,
                context(Map.of("dob_txt", List.of("25/12/1980", "31/01/1990", "01/02/2000"))))).get("birth_date");
        assertThat(european.expression()).as("13 and more only read as days").isEqualTo("parse_date(dob_txt, 'DD/MM/YYYY')");
        assertThat(european.note()).isNull();

        Suggestions.Suggestion plain = byTarget(Suggestions.suggest(PATIENTS, PATIENT)).get("birth_date");
        assertThat(plain.expression()).as("without data: the usual format").isEqualTo("parse_date(dob_txt, 'MM/DD/YYYY')");
        assertThat(plain.note()).isNull();
    }

    @Test
    void textTimestampsFlagsAndPaddedValuesAreConvertedAsTheirValuesShow() {
        TableInfo legacy = source("visits", List.of("visit_no"), List.of(), "visit_no", "integer", "INT32",
                "seen_txt", "varchar(20)", "STRING", "paid_flg", "char(1)", "STRING", "room", "varchar(10)", "STRING");
        TargetCatalog.TargetTable visit = platform("visit", List.of(identity("id"), field("external_ref", "text", "STRING"),
                field("seen_at", "timestamp with time zone", "TIMESTAMPTZ"), field("paid", "boolean", "BOOLEAN"),
                field("room", "text", "STRING")), List.of());
        Map<String, Suggestions.Suggestion> s = byTarget(Suggestions.suggest(legacy, visit, new Suggestions.Context(CONNECTION, Map.of(
                "seen_txt", List.of("2024-01-02 10:11:12", "2024-01-03 09:00:00", "2024-01-03 09:30"),
                "paid_flg", List.of("Y", "N", "Y"), "room", List.of("12 ", "B4")), List.of(), Set.of(), Lookups.NONE)));
        assertThat(s.get("seen_at").expression()).isEqualTo("utc(parse_timestamp(seen_txt, 'YYYY-MM-DD HH24:MI:SS', 'YYYY-MM-DD HH24:MI'))");
        assertThat(s.get("seen_at").note()).contains("YYYY-MM-DD HH24:MI (1)");
        assertThat(s.get("paid").expression()).isEqualTo("to_boolean(paid_flg)");
        assertThat(s.get("room").expression()).isEqualTo("trim(room)");
        assertThat(s.get("room").reason()).contains("1 of 2 sampled values have surrounding spaces");
        Expression paid = Expression.compile(s.get("paid").expression(), Map.of("paid_flg", Type.STRING));
        assertThat(paid.evaluate(Map.of("paid_flg", "N"))).isEqualTo(false);
        assertThatThrownBy(() -> paid.evaluate(Map.of("paid_flg", "?"))).as("an unknown flag is quarantined")
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo("UNPARSEABLE_BOOLEAN"));
    }

    @Test
    void aColumnIsRenamedWhereverItIsReferencedAndNowhereElse() {
        assertThat(Suggestions.renameColumn("concat('PA-patient_id', to_text(patient_id), \"patient_id\")", "patient_id", "pid"))
                .isEqualTo("concat('PA-patient_id', to_text(pid), pid)");
        assertThat(Suggestions.renameColumn("to_text(to_text)", "to_text", "x")).isEqualTo("to_text(x)");
        assertThat(Suggestions.renameColumn("concat('it''s', id)", "id", "\"Mixed Id\"")).isEqualTo("concat('it''s', \"Mixed Id\")");
    }
}
