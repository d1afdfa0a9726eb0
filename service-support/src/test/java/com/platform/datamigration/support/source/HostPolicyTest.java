package com.platform.datamigration.support.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPolicyTest {

    private static HostPolicy policy(boolean blockPrivate, String... allowed) {
        return new HostPolicy(new ConnectionPolicyProperties(blockPrivate, List.of(allowed), 10, Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "169.254.169.254", "fe80::1", "224.0.0.5", "ff02::1",
            "255.255.255.255", "10.0.0.5", "172.16.4.4", "192.168.0.1", "100.64.0.1", "fd12:3456::1", "localhost",
            "64:ff9b::a9fe:a9fe", "64:ff9b::a00:5", "2002:7f00:1::", "::169.254.169.254",
            "::ffff:0:7f00:1", "::ffff:0:a9fe:a9fe", "::ffff:0:a00:5", "::ffff:127.0.0.1", "::ffff:0:127.0.0.1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void restrictedAddressesAreRefused(String host) {
        assertThatThrownBy(() -> policy(true).resolve(host, 5432)).isInstanceOf(HostPolicy.BlockedHostException.class);
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertThat(policy(true).resolve("8.8.8.8", 5432).address().getHostAddress()).isEqualTo("8.8.8.8");
        assertThat(policy(true).resolve("2001:4860:4860::8888", 5432).port()).isEqualTo(5432);
    }

    @Test
    void privateRangesPassWhenThePolicySaysSo() throws Exception {
        assertThat(policy(false).resolve("10.0.0.5", 5432).address().getHostAddress()).isEqualTo("10.0.0.5");
        assertThatThrownBy(() -> policy(false).resolve("127.0.0.1", 5432)).isInstanceOf(HostPolicy.BlockedHostException.class);
    }

    @Test
    void allowListEntriesMatchByAddressPortAndRange() throws Exception {
        HostPolicy policy = policy(true, "127.0.0.1:15432", "10.20.0.0/16", "[::1]:6000");
        assertThat(policy.resolve("127.0.0.1", 15432).address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> policy.resolve("127.0.0.1", 5432)).isInstanceOf(HostPolicy.BlockedHostException.class);
        assertThat(policy.resolve("10.20.3.4", 5432).address().getHostAddress()).isEqualTo("10.20.3.4");
        assertThatThrownBy(() -> policy.resolve("10.21.3.4", 5432)).isInstanceOf(HostPolicy.BlockedHostException.class);
        assertThat(policy.resolve("::1", 6000).port()).isEqualTo(6000);
    }

    @Test
    void aNameResolvingToLoopbackNeverPassesEvenWhenItsAddressIsAllowed() {
        HostPolicy policy = policy(true, "127.0.0.1:15432", "::1");
        assertThatThrownBy(() -> policy.resolve("localhost", 15432)).isInstanceOf(HostPolicy.BlockedHostException.class);
    }
}
