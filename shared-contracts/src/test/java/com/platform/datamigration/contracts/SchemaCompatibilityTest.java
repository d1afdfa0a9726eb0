package com.platform.datamigration.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String PUBLISHED = """
            {"type":"object","required":["id","status"],
             "properties":{
               "id":{"type":"string","format":"uuid"},
               "status":{"type":"string","enum":["A","B"]},
               "count":{"type":"integer"},
               "items":{"type":"array","items":{"type":"object","required":["n"],"properties":{"n":{"type":"string"}}}}}}
            """;

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static JsonNode published() {
        return json(PUBLISHED);
    }

    private static JsonNode change(String from, String to) {
        assertThat(PUBLISHED).contains(from);
        return json(PUBLISHED.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    @Test
    void identicalSchemaIsCompatible() {
        assertThat(SchemaCompatibility.violations(published(), published())).isEmpty();
    }

    @Test
    void addingAnOptionalPropertyAndAnEnumValueIsCompatible() {
        JsonNode proposed = change("\"count\":{\"type\":\"integer\"}",
                "\"count\":{\"type\":\"integer\"},\"extra\":{\"type\":\"string\"}");
        proposed = json(proposed.toString().replace("[\"A\",\"B\"]", "[\"A\",\"B\",\"C\"]"));
        assertThat(SchemaCompatibility.violations(published(), proposed)).isEmpty();
    }

    @Test
    void removingAPropertyIsIncompatible() {
        JsonNode proposed = change(",\n   \"count\":{\"type\":\"integer\"}", "");
        assertThat(SchemaCompatibility.violations(published(), proposed)).containsExactly("$.count: property removed");
    }

    @Test
    void changingOrWideningATypeIsIncompatible() {
        assertThat(SchemaCompatibility.violations(published(),
                change("\"count\":{\"type\":\"integer\"}", "\"count\":{\"type\":\"string\"}")))
                .containsExactly("$.count: type changed from [integer] to [string]");
        assertThat(SchemaCompatibility.violations(published(),
                change("\"count\":{\"type\":\"integer\"}", "\"count\":{\"type\":[\"integer\",\"null\"]}")))
                .hasSize(1);
    }

    @Test
    void droppingARequiredPropertyFromRequiredIsIncompatible() {
        assertThat(SchemaCompatibility.violations(published(), change("[\"id\",\"status\"]", "[\"id\"]")))
                .containsExactly("$.status: no longer required");
    }

    @Test
    void removingAnEnumValueIsIncompatible() {
        assertThat(SchemaCompatibility.violations(published(), change("[\"A\",\"B\"]", "[\"A\"]")))
                .containsExactly("$.status: enum values removed [B]");
    }

    @Test
    void changesInsideArrayItemsAreFound() {
        assertThat(SchemaCompatibility.violations(published(),
                change("{\"n\":{\"type\":\"string\"}}", "{\"n\":{\"type\":\"integer\"}}")))
                .containsExactly("$.items[].n: type changed from [string] to [integer]");
    }

    @Test
    void closingAnObjectOrChangingAFormatIsIncompatible() {
        assertThat(SchemaCompatibility.violations(published(),
                change("{\"type\":\"object\",\"required\"", "{\"type\":\"object\",\"additionalProperties\":false,\"required\"")))
                .containsExactly("$: object closed to additional properties");
        assertThat(SchemaCompatibility.violations(published(), change("\"uuid\"", "\"uri\"")))
                .containsExactly("$.id: format changed from \"uuid\" to \"uri\"");
    }
}
