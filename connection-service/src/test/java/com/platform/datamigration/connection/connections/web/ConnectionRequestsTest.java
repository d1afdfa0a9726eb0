package com.platform.datamigration.connection.connections.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionRequestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "2001:db8::1", "2001:4860:4860::8888", "fe80::1", "::ffff:0:7f00:1", "::ffff:127.0.0.1",
            "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "64:ff9b::192.0.2.33", "1::", "ABCD:EF01::"})
    void ipv6LiteralsAreRecognized(String host) {
        assertThat(ConnectionRequests.isIpv6Literal(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5432", "[::1]:5432", "::1%lo", "::1/128", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::1", ":1",
            "1:", "12345::1", "::g", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::256.1.1.1", "::1 ", "db.example:5432", "fe80::1%eth0"})
    void anythingElseWithAColonIsNotAHost(String host) {
        assertThat(ConnectionRequests.isIpv6Literal(host)).isFalse();
    }
}
