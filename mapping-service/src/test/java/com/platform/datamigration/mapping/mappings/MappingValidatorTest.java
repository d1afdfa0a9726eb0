package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.MappingSaved;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MappingValidatorTest {

    private static final TableInfo SOURCE = new TableInfo("public", "legacy_patients", "TABLE", -1, null, List.of(
            column("patient_id", 1, "integer", "INT32", 10), column("last_nm", 2, "varchar(200)", "STRING", 200),
            column("dob_txt", 3, "varchar(10)", "STRING", 10)), List.of("patient_id"), List.of(), List.of(), List.of());

    private static final TargetCatalog.TargetTable TARGET = new TargetCatalog.TargetTable("public", "patient", List.of(
            field("id", "bigint", "INT64", true, false, null), field("family_name", "varchar(100)", "STRING", false, false, 100),
            field("birth_date", "date", "DATE", false, false, null), field("row_no", "bigint", "INT64", false, true, null),
            field("birth.place", "text", "STRING", false, false, null)),
            List.of("organization_id", "id"), List.of(), List.of(), "organization_id", List.of(List.of("id")));

    private static TableInfo.ColumnInfo column(String name, int ordinal, String nativeType, String normalized, Integer length) {
        return new TableInfo.ColumnInfo(name, ordinal, nativeType, normalized, true, null, length, null, null, false);
    }

    private static TargetCatalog.TargetField field(String name, String type, String normalized, boolean required, boolean generated,
            Integer length) {
        return new TargetCatalog.TargetField(name, type, normalized, !required, generated, generated, required, length, null, null);
    }

    /** The good mapping, with {@code more} entries after its own: id, family_name, birth_date. */
    private static MappingSpec spec(String... more) {
        List<MappingSpec.Field> fields = new ArrayList<>(List.of(new MappingSpec.Field("id", "patient_id"),
                new MappingSpec.Field("family_name", "trim(last_nm)"),
                new MappingSpec.Field("birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')")));
        for (int i = 0; i < more.length; i += 2) {
            fields.add(new MappingSpec.Field(more[i], more[i + 1]));
        }
        return new MappingSpec("patients", new MappingSpec.Source(UUID.randomUUID(), "public", "legacy_patients"),
                new MappingSpec.Target("public", "patient"), List.of("id"), MappingSaved.OnConflict.UPSERT, null, fields);
    }

    private static MappingSpec with(MappingSpec spec, int index, String target, String expression) {
        List<MappingSpec.Field> fields = new ArrayList<>(spec.fields());
        fields.set(index, new MappingSpec.Field(target, expression));
        return new MappingSpec(spec.name(), spec.source(), spec.target(), spec.key(), spec.onConflict(), spec.filter(), fields);
    }

    private static List<String> errors(MappingSpec spec) {
        return MappingValidator.validate(spec, Optional.of(SOURCE), Optional.of(TARGET)).errors().stream()
                .map(e -> e.field() + " " + e.code()).toList();
    }

    @Test
    void theGoodMappingIsValid() {
        assertThat(errors(spec())).isEmpty();
    }

    @Test
    void anEntryIsNamedByTheTargetFieldItMapsNotByItsPlaceInTheList() {
        assertThat(errors(with(spec(), 1, "family_name", "no_such_column")))
                .containsExactly("fields.family_name.expression INVALID_COLUMN");
        assertThat(errors(with(spec(), 1, "family_name", "trim(last_nm")))
                .containsExactly("fields.family_name.expression INVALID_EXPRESSION");
        assertThat(errors(with(spec(), 2, "birth_date", "dob_txt"))).containsExactly("fields.birth_date.expression INCOMPATIBLE_TYPE");
        assertThat(errors(spec("row_no", "patient_id"))).containsExactly("fields.row_no.target GENERATED_TARGET_FIELD");
        // The same entry elsewhere in the list has the same path.
        List<MappingSpec.Field> reordered = new ArrayList<>(with(spec(), 2, "birth_date", "dob_txt").fields());
        java.util.Collections.reverse(reordered);
        MappingSpec s = spec();
        assertThat(errors(new MappingSpec(s.name(), s.source(), s.target(), s.key(), s.onConflict(), s.filter(), reordered)))
                .containsExactly("fields.birth_date.expression INCOMPATIBLE_TYPE");
    }

    @Test
    void anArrayOfTextGoesIntoATextArrayColumnOnly() {
        List<TargetCatalog.TargetField> fields = new ArrayList<>(TARGET.fields());
        fields.add(field("tags", "text[]", "ARRAY", false, false, null));
        fields.add(field("counts", "integer[]", "ARRAY", false, false, null));
        TargetCatalog.TargetTable target = new TargetCatalog.TargetTable("public", "patient", fields, TARGET.primaryKey(), List.of(), List.of(),
                "organization_id", List.of(List.of("id")));
        java.util.function.Function<MappingSpec, List<String>> errors = spec -> MappingValidator.validate(spec, Optional.of(SOURCE),
                Optional.of(target)).errors().stream().map(e -> e.field() + " " + e.code()).toList();
        assertThat(errors.apply(spec("tags", "split(last_nm, ',')"))).isEmpty();
        assertThat(errors.apply(spec("birth.place", "split(last_nm, ',')"))).containsExactly("fields[3].expression INCOMPATIBLE_TYPE");
        assertThat(errors.apply(spec("counts", "split(last_nm, ',')"))).containsExactly("fields.counts.expression INCOMPATIBLE_TYPE");
        assertThat(errors.apply(spec("birth.place", "array_join(split(last_nm, ','), ' ')"))).isEmpty();
    }

    @Test
    void warningsNameTheTargetFieldToo() {
        assertThat(MappingValidator.validate(spec(), Optional.of(SOURCE), Optional.of(TARGET)).warnings())
                .extracting(i -> i.field() + " " + i.code()).containsExactly("fields.family_name.expression POSSIBLE_TRUNCATION");
    }

    @Test
    void anEntryWhoseTargetIsNoFieldOfTheTableIsNamedByItsIndex() {
        assertThat(errors(spec("no_such_field", "last_nm"))).containsExactly("fields[3].target UNKNOWN_TARGET_FIELD");
        assertThat(errors(spec("organization_id", "'another'"))).containsExactly("fields[3].target TENANT_FIELD_NOT_MAPPABLE");
        assertThat(errors(spec("", "last_nm"))).containsExactly("fields[3].target UNKNOWN_TARGET_FIELD");
        assertThat(errors(spec("fields[0]", "last_nm"))).containsExactly("fields[3].target UNKNOWN_TARGET_FIELD");
    }

    @Test
    void aTargetThatIsNoPlainNameIsNamedByItsIndexAsItWouldReadAsAnotherPath() {
        assertThat(errors(spec("birth.place", "no_such_column"))).containsExactly("fields[3].expression INVALID_COLUMN");
    }

    @Test
    void entriesMappingTheSameTargetAreNamedByTheirIndexesAndTheDuplicateSaysWhichTheyAre() {
        MappingSpec twice = spec("family_name", "no_such_column");
        assertThat(errors(twice)).containsExactly("fields[3].target DUPLICATE_TARGET_FIELD", "fields[3].expression INVALID_COLUMN");
        assertThat(MappingValidator.validate(twice, Optional.of(SOURCE), Optional.of(TARGET)).errors().get(0).message())
                .isEqualTo("family_name is mapped more than once: by fields[1] and by fields[3].");
        assertThat(MappingValidator.validate(twice, Optional.of(SOURCE), Optional.of(TARGET)).warnings())
                .extracting(Issue::field).containsExactly("fields[1].expression");
    }

    @Test
    void aKeyedHashNeedsTheOrganizationsKeyAndSaysWhichSettingGivesIt() {
        MappingSpec hashed = with(spec(), 1, "family_name", "hmac_sha256(last_nm)");
        var lookups = com.platform.datamigration.mapping.expression.Lookups.NONE;
        var missing = com.platform.datamigration.mapping.expression.Secrets.missing(
                com.platform.datamigration.support.privacy.PrivacyProperties.MISSING_KEY);
        MappingValidator.Result refused = MappingValidator.validate(hashed, Optional.of(SOURCE), Optional.of(TARGET), lookups,
                MappingValidator.Loading.UNKNOWN, missing);
        assertThat(refused.errors()).singleElement().satisfies(e -> {
            assertThat(e.field() + " " + e.code()).isEqualTo("fields.family_name.expression HMAC_KEY_NOT_CONFIGURED");
            assertThat(e.message()).contains("dm.privacy.hmac-secret");
        });
        var key = com.platform.datamigration.mapping.expression.Secrets.ofHmacKey(new byte[] {1, 2, 3});
        assertThat(MappingValidator.validate(hashed, Optional.of(SOURCE), Optional.of(TARGET), lookups, MappingValidator.Loading.UNKNOWN,
                key).errors()).isEmpty();
        assertThat(errors(with(spec(), 1, "family_name", "mask(last_nm, keep_last => 2)"))).isEmpty();
        assertThat(errors(with(spec(), 1, "family_name", "sha256(last_nm)"))).isEmpty();
    }
}
