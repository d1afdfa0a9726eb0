package com.platform.datamigration.mapping.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.TestStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The target catalog read from a real platform database seeded like the local stack's, plus a table without the
 * tenant column.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TargetCatalogIT {

    private static final String PLATFORM = "platform_target_it";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_mapping");
        if (TestStack.get().postgres().createDatabaseIfMissing(PLATFORM)) {
            TestStack.get().postgres().runScript(PLATFORM, "seed/platform.sql");
        }
        try (var c = TestStack.get().postgres().connect(PLATFORM); var st = c.createStatement()) {
            // Shared by every organization without saying whose a row is: not a target on a multi-tenant platform.
            st.execute("CREATE TABLE IF NOT EXISTS global_setting (id bigint PRIMARY KEY, name text NOT NULL UNIQUE, value text)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("PLATFORM_DB", () -> PLATFORM);
    }

    @LocalServerPort
    int port;

    private WebTestClient.ResponseSpec get(String path) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build().get().uri(path)
                .headers(h -> h.setBearerAuth(TestStack.get().tokens().mint(TokenRequest.admin("org-targets")))).exchange();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsThePlatformTablesWithWhatAMappingMustFill() {
        List<Map<String, Object>> tables = get("/api/data-migration/targets").expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(tables).extracting(t -> t.get("schema") + "." + t.get("name"))
                .containsExactlyInAnyOrder("public.provider", "public.patient", "public.appointment");
        Map<String, Object> patient = tables.stream().filter(t -> "patient".equals(t.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> fields = (List<Map<String, Object>>) patient.get("fields");
        Map<String, Boolean> required = new java.util.LinkedHashMap<>();
        fields.forEach(f -> required.put((String) f.get("name"), (Boolean) f.get("required")));
        assertThat(required).containsEntry("id", false).containsEntry("external_ref", true)
                .containsEntry("medical_record_number", true).containsEntry("sex", false).containsEntry("active", true)
                .containsEntry("created_at", true).containsEntry("notes", false);
        assertThat(patient.get("primaryKey")).isEqualTo(List.of("id"));
        assertThat(patient.get("foreignKeys").toString()).contains("primary_provider_id", "provider");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTenantColumnIsNamedButIsNeitherAFieldNorPartOfAKeyAMappingWrites() {
        Map<String, Object> patient = (Map<String, Object>) get("/api/data-migration/targets/public.patient").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(patient.get("tenantColumn")).isEqualTo("organization_id");
        List<Map<String, Object>> fields = (List<Map<String, Object>>) patient.get("fields");
        assertThat(fields).extracting(f -> f.get("name")).doesNotContain("organization_id").contains("external_ref", "active");
        // The database's constraints are (organization_id, …); a mapping's key is the rest.
        assertThat((List<List<String>>) patient.get("keys")).containsExactlyInAnyOrder(List.of("external_ref"),
                List.of("medical_record_number"), List.of("id"));
        assertThat(patient.get("uniqueConstraints").toString()).contains("organization_id");
    }

    @Test
    void aTableWithoutTheTenantColumnIsNotOffered() {
        get("/api/data-migration/targets").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'global_setting')]").isEmpty();
        get("/api/data-migration/targets/public.global_setting").expectStatus().isNotFound().expectBody()
                .jsonPath("$.code").isEqualTo("TARGET_NOT_FOUND");
    }

    @Test
    void oneTargetByNameAndAnUnknownOne() {
        get("/api/data-migration/targets/public.appointment").expectStatus().isOk().expectBody()
                .jsonPath("$.fields[?(@.name == 'status')].required").isEqualTo(List.of(true))
                .jsonPath("$.fields[?(@.name == 'id')].generated").isEqualTo(List.of(true));
        get("/api/data-migration/targets/public.nope").expectStatus().isNotFound().expectBody()
                .jsonPath("$.code").isEqualTo("TARGET_NOT_FOUND");
        get("/api/data-migration/targets/nodot").expectStatus().isBadRequest();
    }
}
