package com.platform.datamigration.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AsyncAPI document ({@code asyncapi.json}) that subscribers read describes exactly the topics, messages, headers
 * and schemas the code publishes: a topic, an event type or a header added or renamed without it fails here.
 */
class AsyncApiDocumentTest {

    private static final JsonNode DOC = read();

    private static JsonNode read() {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream("asyncapi.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException("asyncapi.json is missing or not JSON", e);
        }
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode node = DOC;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        assertThat(node.isMissingNode()).as(ref).isFalse();
        return node;
    }

    @Test
    void isAnAsyncApi3DocumentOfJsonMessages() {
        assertThat(DOC.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(DOC.path("defaultContentType").asString()).isEqualTo("application/json");
        assertThat(DOC.path("info").path("title").asString()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasAChannelOnItsTopicAMessageWithItsSchemaAndAnOperation(EventType type) {
        JsonNode channel = null;
        String channelName = null;
        for (var entry : DOC.path("channels").properties()) {
            if (entry.getValue().path("address").asString().equals(type.topic())) {
                channel = entry.getValue();
                channelName = entry.getKey();
            }
        }
        assertThat(channel).as("a channel with address " + type.topic()).isNotNull();
        JsonNode message = resolve(channel.path("messages").path(type.typeName()).path("$ref").asString());
        assertThat(message.path("name").asString()).isEqualTo(type.typeName());
        assertThat(message.path("payload").path("$ref").asString()).isEqualTo(type.schemaResource());
        assertThat(getClass().getClassLoader().getResource(type.schemaResource())).as(type.schemaResource()).isNotNull();
        assertThat(resolve(message.path("headers").path("$ref").asString())).isEqualTo(DOC.path("components").path("schemas").path("Headers"));
        assertThat(message.path("bindings").path("kafka").path("key").path("description").asString()).isNotBlank();
        String channelRef = "#/channels/" + channelName;
        assertThat(DOC.path("operations").properties().stream()
                .filter(op -> op.getValue().path("channel").path("$ref").asString().equals(channelRef))
                .anyMatch(op -> "send".equals(op.getValue().path("action").asString())))
                .as("an operation sending on " + type.topic()).isTrue();
    }

    @Test
    void documentsNoTopicTheCodeDoesNotHave() throws Exception {
        Set<String> topics = new HashSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("DEAD_LETTER_SUFFIX")) {
                topics.add((String) f.get(null));
            }
        }
        List<String> documented = new ArrayList<>();
        DOC.path("channels").forEach(c -> documented.add(c.path("address").asString()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(topics);
    }

    @Test
    void theHeadersAreExactlyTheOnesEveryRecordCarriesAndAllRequired() throws Exception {
        Set<String> headers = new HashSet<>();
        for (Field f : EventHeaders.class.getFields()) {
            headers.add((String) f.get(null));
        }
        JsonNode schema = DOC.path("components").path("schemas").path("Headers");
        List<String> properties = new ArrayList<>(schema.path("properties").propertyNames());
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        assertThat(properties).containsExactlyInAnyOrderElementsOf(headers);
        assertThat(required).containsExactlyInAnyOrderElementsOf(headers);
        String pattern = schema.path("properties").path(EventHeaders.ORGANIZATION_ID).path("pattern").asString();
        assertThat("z\u00fcrich".matches(pattern)).isFalse();
        assertThat("org-1".matches(pattern)).isTrue();
        assertThat(OrganizationId.isValid("z\u00fcrich")).isFalse();
    }
}
