package com.platform.datamigration.mapping.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.TestStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A platform that serves one organization: no tenant column is required, and none is hidden. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dm.target.multi-tenant=false")
@DirtiesContext
class SingleTenantTargetCatalogIT {

    private static final String PLATFORM = "platform_single_tenant_it";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_mapping");
        TestStack.get().postgres().createDatabaseIfMissing(PLATFORM);
        try (var c = TestStack.get().postgres().connect(PLATFORM); var st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS setting (id bigint PRIMARY KEY, name text NOT NULL UNIQUE, value text);
                    CREATE TABLE IF NOT EXISTS note (organization_id text NOT NULL, id bigint NOT NULL, body text,
                      PRIMARY KEY (organization_id, id));
                    """);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("PLATFORM_DB", () -> PLATFORM);
    }

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void everyTableIsOfferedWithAllItsColumnsAsFieldsAndItsKeysAsTheDatabaseHasThem() {
        List<Map<String, Object>> tables = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(java.time.Duration.ofSeconds(30)).build().get().uri("/api/data-migration/targets")
                .headers(h -> h.setBearerAuth(TestStack.get().tokens().mint(TokenRequest.admin("org-single"))))
                .exchange().expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody().stream()
                .map(m -> (Map<String, Object>) m).toList();
        assertThat(tables).extracting(t -> t.get("name")).containsExactlyInAnyOrder("setting", "note");
        Map<String, Object> setting = tables.stream().filter(t -> "setting".equals(t.get("name"))).findFirst().orElseThrow();
        assertThat(setting.get("tenantColumn")).isNull();
        assertThat((List<List<String>>) setting.get("keys")).containsExactlyInAnyOrder(List.of("id"), List.of("name"));
        Map<String, Object> note = tables.stream().filter(t -> "note".equals(t.get("name"))).findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) note.get("fields")).extracting(f -> f.get("name"))
                .containsExactly("organization_id", "id", "body");
        assertThat((List<List<String>>) note.get("keys")).containsExactly(List.of("organization_id", "id"));
    }
}
