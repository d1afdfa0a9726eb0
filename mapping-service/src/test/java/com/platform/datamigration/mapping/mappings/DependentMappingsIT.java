package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.support.catalog.PostgresCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.testing.ConnectionServiceStub;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mappings that depend on others, against a real target whose tables have generated ids and tenant-scoped foreign keys:
 * wards, and beds that reference them through {@code lookup('wards', …)}. Previewed together, and proposed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DependentMappingsIT {

    private static final ExplorerStub EXPLORER = new ExplorerStub();
    private static final ConnectionServiceStub CONNECTIONS = new ConnectionServiceStub(Service.MAPPING);
    private static final String TARGET_DB = "platform_grouped_preview";
    private static final String SOURCE_DB = "grouped_preview_source";
    private static final Map<String, String> SOURCE_TABLES = new LinkedHashMap<>();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        TestStack.register(registry, "dm_mapping");
        stack.postgres().createDatabaseIfMissing(TARGET_DB);
        execute(TARGET_DB, """
                CREATE TABLE IF NOT EXISTS ward (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id text NOT NULL, external_ref text NOT NULL,
                  name text NOT NULL, UNIQUE (organization_id, external_ref), UNIQUE (organization_id, id));
                CREATE TABLE IF NOT EXISTS bed (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id text NOT NULL, external_ref text NOT NULL,
                  ward_id bigint NOT NULL, label text, placed_on date, UNIQUE (organization_id, external_ref),
                  FOREIGN KEY (organization_id, ward_id) REFERENCES ward (organization_id, id))
                """);
        registry.add("PLATFORM_DB", () -> TARGET_DB);
        registry.add("EXPLORER_SERVICE_URL", EXPLORER::url);
        registry.add("CONNECTION_SERVICE_URL", CONNECTIONS::url);
        registry.add("DM_INTERNAL_CREDENTIAL", () -> stack.secrets().internalCredential(Service.MAPPING));
    }

    @BeforeAll
    static void source() throws Exception {
        TestStack stack = TestStack.get();
        if (stack.postgres().createDatabaseIfMissing(SOURCE_DB)) {
            // 300 wards: the first ones, the one without a name (7) and the two longest names are what a sample of the
            // wards alone holds; beds refer to wards 250 and 260 beyond it, to 7, and to wards that do not exist.
            execute(SOURCE_DB, """
                    CREATE TABLE wards (ward_id integer PRIMARY KEY, ward_nm varchar(60));
                    INSERT INTO wards SELECT g, CASE WHEN g = 7 THEN NULL WHEN g = 299 THEN 'Ward two hundred ninety-nine, east'
                      WHEN g = 300 THEN 'Ward three hundred, the west wing' ELSE 'Ward ' || g END FROM generate_series(1, 300) g;
                    CREATE TABLE beds (bed_id integer PRIMARY KEY, ward_id integer NOT NULL, label varchar(20) NOT NULL,
                      placed_txt varchar(20));
                    INSERT INTO beds VALUES (1, 250, 'B1', '03/15/2024'), (2, 1, 'B2', '2024-03-16'), (3, 999, 'B3', '03/17/2024'),
                      (4, 7, 'B4', '03/18/2024'), (5, 260, 'B5', '18.03.2024'), (6, 888, 'B6', NULL);
                    """);
        }
        List<TableInfo> tables = new ArrayList<>();
        try (Connection c = stack.postgres().connect(SOURCE_DB)) {
            c.setAutoCommit(false);
            new PostgresCatalog().discover(c, tables::add);
        }
        JsonMapper json = JsonMapper.builder().build();
        tables.forEach(t -> SOURCE_TABLES.put(t.name(), json.writeValueAsString(t)));
    }

    private static void execute(String database, String sql) {
        try (Connection c = TestStack.get().postgres().connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private record Tenant(String org, String connection) {
    }

    private static Tenant tenant() {
        Tenant t = catalogOnly();
        CONNECTIONS.add(t.connection(), t.org(), "POSTGRESQL", "127.0.0.1", TestStack.get().postgres().port(), SOURCE_DB,
                "postgres", "unused-with-trust");
        return t;
    }

    /** A tenant whose source the explorer has catalogued but whose connection cannot be opened. */
    private static Tenant catalogOnly() {
        Tenant t = new Tenant("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        SOURCE_TABLES.forEach((name, info) -> EXPLORER.add(t.connection(), t.org(), "public", name, info));
        return t;
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port + "/api/data-migration/mappings")
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static String token(String org) {
        return TestStack.get().tokens().mint(TokenRequest.admin(org));
    }

    private static Map<String, Object> spec(Tenant t, String name, String source, String target, String[][] fields) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("source", Map.of("connectionId", t.connection(), "schema", "public", "table", source));
        spec.put("target", Map.of("schema", "public", "table", target));
        spec.put("key", List.of("external_ref"));
        spec.put("onConflict", "UPSERT");
        List<Map<String, String>> list = new ArrayList<>();
        for (String[] f : fields) {
            list.add(Map.of("target", f[0], "expression", f[1]));
        }
        spec.put("fields", list);
        return spec;
    }

    private static Map<String, Object> wards(Tenant t, String name) {
        return spec(t, name, "wards", "ward", new String[][] {{"external_ref", "to_text(ward_id)"}, {"name", "ward_nm"}});
    }

    private static Map<String, Object> beds(Tenant t, String name, String wards) {
        return spec(t, name, "beds", "bed", new String[][] {{"external_ref", "to_text(bed_id)"},
            {"ward_id", "lookup('" + wards + "', to_text(ward_id))"}, {"label", "label"}});
    }

    private String create(Tenant t, Map<String, Object> spec) {
        return json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asString();
    }

    private WebTestClient.ResponseSpec previewTogether(Tenant t, String query, Object body) {
        return client().post().uri("/preview" + query).headers(h -> h.setBearerAuth(token(t.org())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Map<Long, JsonNode> byKey(JsonNode items, String column) {
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        items.forEach(r -> out.put(r.get("source").get(column).asLong(), r));
        return out;
    }

    @Test
    void childrenPreviewedWithTheirParentsFindTheParentsRowsAndNothingIsKept() throws Exception {
        Tenant t = tenant();
        String wardsName = "wards " + UUID.randomUUID();
        String wards = create(t, wards(t, wardsName));
        String beds = create(t, beds(t, "beds " + UUID.randomUUID(), wardsName));
        // Another organization holds ward 999, committed: this organization's beds must never find it.
        String other = "org-" + UUID.randomUUID();
        execute(TARGET_DB, "INSERT INTO ward (organization_id, external_ref, name) VALUES ('" + other + "', '999', 'theirs')");

        // Alone, the beds find no ward: none is loaded yet.
        JsonNode alone = json.readTree(client().post().uri("/{id}/preview", beds).headers(h -> h.setBearerAuth(token(t.org())))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(byKey(alone.get("items"), "bed_id").get(2L).get("errors").toString()).contains("LOOKUP_NOT_FOUND");

        JsonNode group = json.readTree(previewTogether(t, "?limit=20", Map.of("mappingIds", List.of(beds, wards)))
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        JsonNode mappings = group.get("mappings");
        assertThat(mappings.size()).isEqualTo(2);
        assertThat(mappings.get(0).get("mappingId").asString()).as("the wards are written first").isEqualTo(wards);
        assertThat(mappings.get(0).get("name").asString()).isEqualTo(wardsName);
        assertThat(mappings.get(1).get("mappingId").asString()).isEqualTo(beds);

        Map<Long, JsonNode> wardRows = byKey(mappings.get(0).get("items"), "ward_id");
        assertThat(wardRows).as("the wards' own sample, and the wards the beds refer to")
                .containsKeys(1L, 7L, 299L, 300L, 250L, 260L).doesNotContainKeys(999L, 888L, 200L);
        assertThat(mappings.get(0).get("rows").asInt()).isEqualTo(wardRows.size());
        assertThat(wardRows.get(250L).get("errors").size()).isZero();
        assertThat(wardRows.get(7L).get("errors").toString()).contains("NOT_NULL_VIOLATION");

        Map<Long, JsonNode> bedRows = byKey(mappings.get(1).get("items"), "bed_id");
        assertThat(bedRows).hasSize(6);
        for (long found : new long[] {1, 2, 5}) {
            // Found, and written: the bed's foreign key (with the organization) matched the previewed ward.
            assertThat(bedRows.get(found).get("errors").size()).as(bedRows.get(found).toString()).isZero();
            assertThat(bedRows.get(found).get("mapped").get("ward_id").isNumber()).isTrue();
        }
        assertThat(bedRows.get(1L).get("mapped").get("ward_id").asLong()).isNotEqualTo(bedRows.get(2L).get("mapped").get("ward_id").asLong());
        for (long missing : new long[] {3, 4, 6}) {
            // 999 is another organization's, 7 was refused by the target, 888 exists nowhere.
            assertThat(bedRows.get(missing).get("errors").toString()).as(bedRows.get(missing).toString())
                    .contains("LOOKUP_NOT_FOUND", "\"fields.ward_id\"");
        }
        assertThat(mappings.get(1).get("rowsWithErrors").asInt()).isEqualTo(3);

        assertThat(count("SELECT count(*) FROM ward WHERE organization_id = '" + t.org() + "'")).as("nothing committed").isZero();
        assertThat(count("SELECT count(*) FROM bed WHERE organization_id = '" + t.org() + "'")).isZero();
        assertThat(count("SELECT count(*) FROM ward WHERE organization_id = '" + other + "'")).isEqualTo(1);
    }

    @Test
    void theOtherOrganizationsPreviewOfTheSameSourceSeesOnlyItsOwnRows() throws Exception {
        Tenant owner = tenant();
        String ownerWards = "wards " + UUID.randomUUID();
        // Keyed by the source column itself (written as text): the rows the beds refer to are selected by that column.
        String wards = create(owner, spec(owner, ownerWards, "wards", "ward", new String[][] {{"external_ref", "ward_id"},
            {"name", "ward_nm"}}));
        String beds = create(owner, beds(owner, "beds " + UUID.randomUUID(), ownerWards));
        // The owner already holds ward 888 from an earlier run: its beds find it, with or without the group.
        execute(TARGET_DB, "INSERT INTO ward (organization_id, external_ref, name) VALUES ('" + owner.org() + "', '888', 'kept')");
        try {
            JsonNode group = json.readTree(previewTogether(owner, "", Map.of("mappingIds", List.of(wards, beds)))
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody());
            Map<Long, JsonNode> bedRows = byKey(group.get("mappings").get(1).get("items"), "bed_id");
            assertThat(bedRows.get(6L).get("errors").size()).as(bedRows.get(6L).toString()).isZero();
            assertThat(bedRows.get(1L).get("errors").size()).as(bedRows.get(1L).toString()).isZero();
            assertThat(byKey(group.get("mappings").get(0).get("items"), "ward_id")).containsKeys(250L, 260L);

            Tenant other = tenant();
            String otherWards = "wards " + UUID.randomUUID();
            String theirWards = create(other, wards(other, otherWards));
            String theirBeds = create(other, beds(other, "beds " + UUID.randomUUID(), otherWards));
            JsonNode theirs = json.readTree(previewTogether(other, "", Map.of("mappingIds", List.of(theirBeds, theirWards)))
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody());
            Map<Long, JsonNode> theirBedRows = byKey(theirs.get("mappings").get(1).get("items"), "bed_id");
            assertThat(theirBedRows.get(6L).get("errors").toString()).contains("LOOKUP_NOT_FOUND");
            assertThat(theirBedRows.get(2L).get("errors").size()).isZero();
            // The owner's mappings are not the other organization's to preview.
            previewTogether(other, "", Map.of("mappingIds", List.of(theirWards, wards))).expectStatus().isEqualTo(422).expectBody()
                    .jsonPath("$.code").isEqualTo("MAPPING_NOT_FOUND").jsonPath("$.errors[0].field").isEqualTo("mappingIds[1]");
            assertThat(count("SELECT count(*) FROM ward WHERE organization_id = '" + other.org() + "'")).isZero();
            assertThat(count("SELECT count(*) FROM ward WHERE organization_id = '" + owner.org() + "'")).isEqualTo(1);
        } finally {
            execute(TARGET_DB, "DELETE FROM ward WHERE organization_id = '" + owner.org() + "'");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupIsBoundedDistinctAndFreeOfLookupCycles() {
        Tenant t = tenant();
        String aName = "a " + UUID.randomUUID();
        String bName = "b " + UUID.randomUUID();
        Map<String, Object> a = wards(t, aName);
        String aId = create(t, a);
        String bId = create(t, spec(t, bName, "wards", "ward", new String[][] {{"external_ref", "to_text(ward_id)"},
            {"name", "to_text(lookup('" + aName + "', to_text(ward_id)))"}}));
        Map<String, Object> aLooksUpB = new LinkedHashMap<>(a);
        aLooksUpB.put("fields", List.of(Map.of("target", "external_ref", "expression", "to_text(ward_id)"),
                Map.of("target", "name", "expression", "to_text(lookup('" + bName + "', to_text(ward_id)))")));
        client().put().uri("/{id}", aId).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aLooksUpB).exchange().expectStatus().isOk();

        previewTogether(t, "", Map.of("mappingIds", List.of(aId, bId))).expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.code").isEqualTo("LOOKUP_CYCLE")
                .jsonPath("$.errors[0].field").isEqualTo("mappingIds[0]")
                .jsonPath("$.errors[1].field").isEqualTo("mappingIds[1]");
        previewTogether(t, "", Map.of("mappingIds", List.of(aId, aId))).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mappingIds[1]");
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(UUID.randomUUID().toString());
        }
        previewTogether(t, "", Map.of("mappingIds", eleven)).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mappingIds");
        previewTogether(t, "", Map.of("mappingIds", List.of())).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mappingIds");
        previewTogether(t, "", Map.of()).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mappingIds");
        previewTogether(t, "", Map.of("mappingIds", List.of("not-an-id"))).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").value(f -> assertThat((String) f).startsWith("mappingIds"));
        previewTogether(t, "", Map.of("mappingIds", List.of(bId, UUID.randomUUID().toString()))).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("MAPPING_NOT_FOUND").jsonPath("$.errors[0].field").isEqualTo("mappingIds[1]");
        previewTogether(t, "?limit=0", Map.of("mappingIds", List.of(bId))).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("limit");
        previewTogether(t, "?limit=201", Map.of("mappingIds", List.of(bId))).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    private Map<String, JsonNode> suggest(Tenant t, String source, String target) {
        JsonNode answer = json.readTree(client().post().uri("/suggest").headers(h -> h.setBearerAuth(token(t.org())))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source", Map.of("connectionId", t.connection(), "schema", "public", "table", source),
                        "target", Map.of("schema", "public", "table", target)))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        answer.forEach(s -> out.put(s.get("target").asString(), s));
        return out;
    }

    @Test
    void suggestionsLookUpTheMappingThatLoadsAReferencedTableAndReadTheSourcesDates() {
        Tenant t = tenant();
        String wardsName = "wards " + UUID.randomUUID();
        create(t, wards(t, wardsName));
        Map<String, JsonNode> beds = suggest(t, "beds", "bed");
        assertThat(beds).as(beds.toString()).doesNotContainKey("id");
        assertThat(beds.get("external_ref").get("expression").asString()).isEqualTo("to_text(bed_id)");
        assertThat(beds.get("ward_id").get("expression").asString()).isEqualTo("lookup('" + wardsName + "', to_text(ward_id))");
        assertThat(beds.get("label").get("expression").asString()).isEqualTo("label");
        JsonNode placed = beds.get("placed_on");
        assertThat(placed.get("expression").asString()).isEqualTo("parse_date(placed_txt, 'MM/DD/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY')");
        assertThat(placed.get("reason").asString()).contains("3 of 5 sampled values");
        assertThat(placed.get("note").asString()).contains("tried after MM/DD/YYYY", "YYYY-MM-DD (1)", "DD.MM.YYYY (1)");

        // What the suggestions propose is a mapping that saves, and previews with its parent.
        Map<String, Object> proposed = spec(t, "beds " + UUID.randomUUID(), "beds", "bed", beds.values().stream()
                .map(s -> new String[] {s.get("target").asString(), s.get("expression").asString()}).toArray(String[][]::new));
        create(t, proposed);

        // An organization with no mapping of the wards gets no raw legacy ward id; one whose source cannot be read gets
        // proposals from names and types.
        Map<String, JsonNode> alone = suggest(tenant(), "beds", "bed");
        assertThat(alone).containsKeys("external_ref", "label", "placed_on").doesNotContainKeys("id", "ward_id");
        Map<String, JsonNode> unread = suggest(catalogOnly(), "beds", "bed");
        assertThat(unread.get("placed_on").get("expression").asString()).isEqualTo("parse_date(placed_txt, 'MM/DD/YYYY')");
        assertThat(unread.get("placed_on").get("note").isNull()).isTrue();
    }
}
