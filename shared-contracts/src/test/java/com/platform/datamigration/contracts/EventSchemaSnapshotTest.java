package com.platform.datamigration.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published schemas are snapshotted in {@code src/test/resources/schema-snapshots}. A change to a schema
 * passes only when it is additive; after an additive change, copy the new schema over its snapshot so the
 * next change is compared with what consumers now rely on.
 */
class EventSchemaSnapshotTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyPublishedSchemaIsOnlyExtendedAdditively(EventType type) throws IOException {
        Path snapshot = Path.of("src/test/resources/schema-snapshots", type.typeName() + ".schema.json");
        assertThat(snapshot).as("snapshot of a published schema").exists();
        JsonNode published = JSON.readTree(Files.readString(snapshot));
        JsonNode current;
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as(type.schemaResource()).isNotNull();
            current = JSON.readTree(in);
        }
        assertThat(SchemaCompatibility.violations(published, current))
                .as("incompatible change to %s", type.schemaResource())
                .isEmpty();
    }
}
