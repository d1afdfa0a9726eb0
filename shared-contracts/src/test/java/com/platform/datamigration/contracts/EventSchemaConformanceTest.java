package com.platform.datamigration.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the records serialize to is what the schemas promise, and the schemas describe every field. */
class EventSchemaConformanceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static Schema schema(EventType type) throws Exception {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            return SCHEMAS.getSchema(in);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializedEventValidatesAgainstItsSchema(EventType type) throws Exception {
        DataMigrationEvent event = Events.example(type);
        JsonNode json = JSON.valueToTree(event);
        List<Error> errors = schema(type).validate(json);
        assertThat(errors).as(json.toString()).isEmpty();
        assertThat(event.eventType()).isEqualTo(type);
        assertThat(event.organizationId()).isEqualTo(Events.ORG);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void jsonRoundTripsToAnEqualRecord(EventType type) {
        DataMigrationEvent event = Events.example(type);
        String json = JSON.writeValueAsString(event);
        assertThat(JSON.readValue(json, type.recordClass())).isEqualTo(event);
        assertThat(json).contains("\"organizationId\":\"org-acme\"");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesEveryRecordComponent(EventType type) throws Exception {
        JsonNode schemaJson;
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            schemaJson = JSON.readTree(in);
        }
        Set<String> components = java.util.Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toSet());
        assertThat(schemaJson.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(components);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRejectsAnEventWithoutItsOrganization(EventType type) throws Exception {
        tools.jackson.databind.node.ObjectNode json = JSON.valueToTree(Events.example(type));
        json.remove("organizationId");
        assertThat(schema(type).validate(json)).isNotEmpty();
    }
}
