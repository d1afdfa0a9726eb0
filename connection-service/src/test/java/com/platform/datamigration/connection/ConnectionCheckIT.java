package com.platform.datamigration.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Connection tests against real PostgreSQL and MariaDB servers, and every way to abuse them. */
class ConnectionCheckIT extends ConnectionServiceTestBase {

    private WebTestClient.BodyContentSpec test(String org, Map<String, Object> body) {
        return client().post().uri("/api/data-migration/connections/test").headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody();
    }

    @Test
    void correctCredentialsOnPostgresGiveTheFullChecklistAndCdcReadiness() {
        test(org(), Requests.logicalPostgres())
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.serverVersion").value(v -> assertThat((String) v).startsWith("15"))
                .jsonPath("$.latencyMs").isNumber()
                .jsonPath("$.cdcReady").isEqualTo(true)
                .jsonPath("$.checks[?(@.name == 'CONNECT')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'READ_CATALOG')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'READ_SCHEMA' && @.schema == 'public')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_WAL_LEVEL')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_REPLICATION_PRIVILEGE')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_FREE_REPLICATION_SLOT')].ok").isEqualTo(List.of(true));
    }

    @Test
    void cdcIsNotReadyOnAPostgresWithoutLogicalWal() {
        test(org(), Requests.postgres(TestSources.REPLICA_PG.port()))
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.cdcReady").isEqualTo(false)
                .jsonPath("$.checks[?(@.name == 'CDC_WAL_LEVEL')].ok").isEqualTo(List.of(false))
                .jsonPath("$.checks[?(@.name == 'CDC_WAL_LEVEL')].detail").isEqualTo(List.of("wal_level is replica (logical is needed)"));
    }

    @Test
    void correctCredentialsOnMariaDbGiveTheChecklistWithBinlogReadiness() {
        test(org(), Requests.mariadb())
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.serverVersion").value(v -> assertThat((String) v).isNotBlank())
                .jsonPath("$.checks[?(@.name == 'READ_SCHEMA' && @.schema == 'clinic')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_BINARY_LOG')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_BINLOG_FORMAT_ROW')].ok").isEqualTo(List.of(true))
                .jsonPath("$.checks[?(@.name == 'CDC_REPLICATION_PRIVILEGES')].ok").isEqualTo(List.of(true))
                .jsonPath("$.cdcReady").isEqualTo(true);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("wrong password on PostgreSQL", Requests.with(Requests.logicalPostgres(), "password", "wrong"), "AUTH_FAILED"),
                Arguments.of("wrong password on MariaDB", Requests.with(Requests.mariadb(), "password", "wrong"), "AUTH_FAILED"),
                Arguments.of("unknown database", Requests.with(Requests.logicalPostgres(), "database", "nosuchdb"), "DATABASE_NOT_FOUND"),
                Arguments.of("closed port", Requests.postgres(CLOSED_PORT), "UNREACHABLE"),
                Arguments.of("a port where no database answers", Requests.postgres(NOT_A_DATABASE.port()), "UNREACHABLE"),
                Arguments.of("MariaDB type on a closed port", Requests.with(Requests.postgres(CLOSED_PORT), "type", "MYSQL"), "UNREACHABLE"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failures")
    void failuresAnswerAFixedCodeAndMessageNeverTheDriversText(String label, Map<String, Object> body, String code) {
        test(org(), body)
                .jsonPath("$.ok").isEqualTo(false)
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.message").value(m -> assertThat((String) m)
                        .doesNotContainIgnoringCase("FATAL").doesNotContainIgnoringCase("exception")
                        .doesNotContain(TestSources.USER).doesNotContain("nosuchdb"))
                .jsonPath("$.checks").isEmpty();
    }

    @Test
    void aClosedPortAndANonDatabasePortAreIndistinguishable() {
        byte[] closed = test(org(), Requests.postgres(CLOSED_PORT)).returnResult().getResponseBody();
        byte[] notDb = test(org(), Requests.postgres(NOT_A_DATABASE.port())).returnResult().getResponseBody();
        assertThat(field(closed, "message")).isEqualTo(field(notDb, "message"));
        assertThat(field(closed, "code")).isEqualTo(field(notDb, "code"));
    }

    @Test
    void aClosedPortASilentPortAndANonDatabasePortAnswerAfterTheSameTimeWithoutADuration() {
        // connectTimeoutSeconds 1: every network failure answers after 2 s, however fast it failed.
        Map<String, Object> quick = Map.of("connectTimeoutSeconds", 1, "applicationName", "dm tests");
        for (String type : List.of("POSTGRESQL", "MARIADB")) {
            List<Long> times = new ArrayList<>();
            for (int port : new int[] {CLOSED_PORT, SILENT.port(), NOT_A_DATABASE.port()}) {
                Map<String, Object> body = Requests.with(Requests.with(Requests.postgres(port), "options", quick), "type", type);
                long started = System.nanoTime();
                test(org(), body)
                        .jsonPath("$.ok").isEqualTo(false)
                        .jsonPath("$.code").isEqualTo("UNREACHABLE")
                        .jsonPath("$.latencyMs").isEmpty();
                times.add((System.nanoTime() - started) / 1_000_000);
            }
            assertThat(times).as(type + " answer times (ms) of closed, silent, non-database").allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(2_000));
            assertThat(java.util.Collections.max(times) - java.util.Collections.min(times)).as(type + " spread of " + times).isLessThan(800);
        }
    }

    private static String field(byte[] json, String name) {
        String s = new String(json);
        int i = s.indexOf("\"" + name + "\":");
        return s.substring(i, s.indexOf(',', i));
    }

    @Test
    void testingASavedConnectionRecordsItsLastResult() {
        String org = org();
        String id = client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.logicalPostgres()).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        client().post().uri("/api/data-migration/connections/{id}/test", id).headers(h -> h.setBearerAuth(admin(org)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.ok").isEqualTo(true);
        client().get().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org)))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.lastTest.ok").isEqualTo(true)
                .jsonPath("$.lastTest.cdcReady").isEqualTo(true)
                .jsonPath("$.lastTestedAt").isNotEmpty();
    }
}
