package com.platform.datamigration.support.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformServersTest {

    private static final int PORT = 15432;

    private static PlatformServers platformOn(String host, String... deniedTargets) {
        return new PlatformServers(new DenyProperties(
                List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform", "postgres", "template0", "template1"),
                List.of(deniedTargets),
                new DenyProperties.Server("jdbc:postgresql://" + host + ":" + PORT + "/dm_connection", "dm_connection_app", "x"),
                new DenyProperties.Server("jdbc:postgresql://" + host + ":" + PORT + "/platform_target", "dm_run_app", "x"),
                Duration.ofSeconds(5)));
    }

    private static InetAddress[] resolve(String host) throws Exception {
        return InetAddress.getAllByName(host);
    }

    /** Every other way of writing this machine, the interface addresses included. */
    static Stream<String> thisMachine() throws Exception {
        List<String> hosts = new ArrayList<>(List.of("127.0.0.1", "127.0.0.2", "127.255.0.9", "localhost", "::1", "[::1]",
                "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "::ffff:0:127.0.0.1", "::127.0.0.2", "64:ff9b::127.0.0.1", "0.0.0.0",
                "::"));
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    hosts.add(a.getHostAddress().replaceFirst("%.*$", ""));
                }
            }
        }
        return hosts.stream();
    }

    @ParameterizedTest
    @MethodSource("thisMachine")
    void aPlatformDatabaseOnThisMachineIsRefusedUnderEveryAddressOfTheMachine(String host) throws Exception {
        PlatformServers platform = platformOn("127.0.0.1");
        for (String database : List.of("dm_connection", "dm_run", "platform", "PLATFORM", "postgres", "platform_target")) {
            assertThatThrownBy(() -> platform.refuseByAddress(resolve(host), PORT, database))
                    .isInstanceOfSatisfying(SourceException.class, e -> {
                        assertThat(e.code()).isEqualTo(FailureCode.PLATFORM_DATABASE);
                        assertThat(e.field()).isEqualTo("database");
                        assertThat(e.refused()).isTrue();
                    });
        }
    }

    @Test
    void aServerNamedByHostNameIsTheSameServerAsItsLoopbackAddress() throws Exception {
        assertThatThrownBy(() -> platformOn("localhost").refuseByAddress(resolve("127.0.0.3"), PORT, "dm_mapping"))
                .isInstanceOf(SourceException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1"})
    void otherDatabasesAndOtherPortsOfTheMachineAreLeftToTheHostPolicy(String host) throws Exception {
        PlatformServers platform = platformOn("127.0.0.1");
        assertThatCode(() -> platform.refuseByAddress(resolve(host), PORT, "legacy_clinic")).doesNotThrowAnyException();
        assertThatCode(() -> platform.refuseByAddress(resolve(host), PORT + 1, "dm_connection")).doesNotThrowAnyException();
    }

    @Test
    void aRemotePlatformServerIsRefusedByItsAddressOnly() throws Exception {
        PlatformServers platform = platformOn("10.9.8.7");
        assertThatThrownBy(() -> platform.refuseByAddress(resolve("10.9.8.7"), PORT, "dm_run")).isInstanceOf(SourceException.class);
        assertThatThrownBy(() -> platform.refuseByAddress(resolve("::ffff:10.9.8.7"), PORT, "dm_run")).isInstanceOf(SourceException.class);
        assertThatCode(() -> platform.refuseByAddress(resolve("10.9.8.6"), PORT, "dm_run")).doesNotThrowAnyException();
        assertThatCode(() -> platform.refuseByAddress(resolve("127.0.0.1"), PORT, "dm_run")).doesNotThrowAnyException();
    }

    @Test
    void aDeniedTargetIsRefusedWhateverTheDatabaseNamingTheHost() throws Exception {
        PlatformServers platform = platformOn("10.9.8.7", "10.1.1.1:5432", "[fd00::5]", "localhost:6543");
        assertThatThrownBy(() -> platform.refuseByAddress(resolve("10.1.1.1"), 5432, "anything"))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.field()).isEqualTo("host"));
        assertThatThrownBy(() -> platform.refuseByAddress(resolve("fd00::5"), 1234, "anything")).isInstanceOf(SourceException.class);
        assertThatThrownBy(() -> platform.refuseByAddress(resolve("127.0.0.2"), 6543, "anything")).isInstanceOf(SourceException.class);
        assertThatCode(() -> platform.refuseByAddress(resolve("10.1.1.1"), 5433, "anything")).doesNotThrowAnyException();
    }

    @Test
    void identitiesMatchByClusterOrByStartTimeAndPort() {
        ServerIdentity platform = new ServerIdentity(null, "1764600000.123456", 5432, "dm_connection");
        assertThat(new ServerIdentity("7", "1764600000.123456", 5432, "x").sameServerAs(platform)).isTrue();
        assertThat(new ServerIdentity(null, "1764600000.123457", 5432, "x").sameServerAs(platform)).isFalse();
        assertThat(new ServerIdentity(null, "1764600000.123456", 5433, "x").sameServerAs(platform)).isFalse();
        assertThat(new ServerIdentity("7", "1", 1, "x").sameServerAs(new ServerIdentity("7", "2", 2, "y"))).isTrue();
    }
}
