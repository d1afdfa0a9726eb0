package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PreviewOrderTest {

    private static PreviewOrder.Member member(String name, String table, List<String> references, String... expressions) {
        List<MappingSpec.Field> fields = new java.util.ArrayList<>();
        for (int i = 0; i < expressions.length; i++) {
            fields.add(new MappingSpec.Field("f" + i, expressions[i]));
        }
        MappingSpec spec = new MappingSpec(name, new MappingSpec.Source(UUID.randomUUID(), "public", table + "s"),
                new MappingSpec.Target("public", table), List.of("external_ref"), OnConflict.UPSERT, null, fields);
        return new PreviewOrder.Member(name, spec, "public", table,
                references.stream().map(r -> new TableInfo.ForeignKey("fk_" + r, List.of(r + "_id"), "public", r, List.of("id"))).toList());
    }

    private static List<Integer> order(PreviewOrder.Member... members) {
        PreviewOrder.Order order = PreviewOrder.of(List.of(members));
        assertThat(order.hasCycle()).as(order.cycle().toString()).isFalse();
        return order.loadOrder();
    }

    @Test
    void aMappingComesAfterEveryMappingItLooksUpHoweverTheCallIsSpelled() {
        var appointments = member("appointments", "appointment", List.of(),
                "LOOKUP( 'patients', concat('PA-', to_text(patient_id)))", "lookup('providers', to_text(provider_id))");
        var patients = member("patients", "patient", List.of(), "lookup('providers', to_text(primary_provider_id))");
        var providers = member("providers", "provider", List.of(), "to_text(provider_id)");
        assertThat(order(appointments, patients, providers)).containsExactly(2, 1, 0);
        assertThat(order(providers, appointments, patients)).containsExactly(0, 2, 1);
    }

    @Test
    void withoutLookupsBetweenThemTheOrderGivenIsKept() {
        var a = member("a", "a", List.of(), "x", "lookup('outside the group', x)");
        var b = member("b", "b", List.of(), "y");
        assertThat(order(a, b)).containsExactly(0, 1);
        assertThat(order(b, a)).containsExactly(0, 1);
    }

    @Test
    void aTargetThatReferencesAnothersWaitsForItWhereTheLookupsAllowIt() {
        var beds = member("beds", "bed", List.of("ward"), "ward_no");
        var wards = member("wards", "ward", List.of(), "ward_no");
        assertThat(order(beds, wards)).containsExactly(1, 0);
        // Tables referencing one another: neither can wait, the order given decides.
        var a = member("a", "a", List.of("b"), "x");
        var b = member("b", "b", List.of("a"), "x");
        assertThat(order(a, b)).containsExactly(0, 1);
        // A foreign key never overrides a lookup: the referencing table's mapping is looked up by the referenced one's.
        var looked = member("looked", "a", List.of("b"), "x");
        var looking = member("looking", "b", List.of(), "lookup('looked', x)");
        assertThat(order(looking, looked)).containsExactly(1, 0);
        // Two mappings of one table do not wait for each other.
        assertThat(order(member("one", "t", List.of("t"), "x"), member("two", "t", List.of("t"), "x"))).containsExactly(0, 1);
    }

    @Test
    void lookupsThatWaitOnOneAnotherHaveNoOrderAndNameEveryMappingLeftOver() {
        var a = member("a", "a", List.of(), "lookup('b', x)");
        var b = member("b", "b", List.of(), "lookup('a', x)");
        var free = member("free", "c", List.of(), "x");
        var dependent = member("dependent", "d", List.of(), "lookup('a', x)");
        PreviewOrder.Order order = PreviewOrder.of(List.of(free, a, dependent, b));
        assertThat(order.hasCycle()).isTrue();
        assertThat(order.loadOrder()).isEmpty();
        assertThat(order.cycle()).containsExactly(1, 2, 3);
        assertThat(PreviewOrder.of(List.of(member("self", "a", List.of(), "lookup('self', x)"))).hasCycle())
                .as("a mapping looking itself up waits on nobody else").isFalse();
    }
}
