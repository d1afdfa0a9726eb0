package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.MappingSaved;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MappingsTest {

    private static MappingSpec spec(String... expressions) {
        List<MappingSpec.Field> fields = new java.util.ArrayList<>();
        for (int i = 0; i < expressions.length; i++) {
            fields.add(new MappingSpec.Field("f" + i, expressions[i]));
        }
        return new MappingSpec("appointments", new MappingSpec.Source(UUID.randomUUID(), "public", "visits"),
                new MappingSpec.Target("public", "appointment"), List.of("f0"), MappingSaved.OnConflict.UPSERT,
                "lookup('not counted', id) is null", fields);
    }

    @Test
    void theMappingsASpecDependsOnAreThoseItsFieldsLookUpHoweverSpelled() {
        assertThat(Mappings.lookedUp(spec("visit_id", "LOOKUP( 'patients', patient_id)",
                "coalesce(lookup('providers', concat('P-', to_text(provider_id))), lookup('patients', 0))")))
                .containsExactly("patients", "providers");
    }

    @Test
    void aSpecWithoutLookupsOrWithAnExpressionThatDoesNotParseDependsOnNothing() {
        assertThat(Mappings.lookedUp(spec("visit_id", "concat('lookup(', 'x')"))).isEmpty();
        assertThat(Mappings.lookedUp(spec("lookup('patients', "))).isEmpty();
    }
}
