package com.platform.datamigration.support.source;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where connections to sources may go, for every service that opens one, and how hard they may be tested
 * ({@code dm.connections.*}).
 *
 * @param blockPrivateRanges refuse private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) as well
 *                           as the always-refused loopback, link-local, unspecified and multicast ones
 * @param allowedTargets     exceptions: {@code host}, {@code host:port}, an IP with optional port
 *                           ({@code 10.1.2.3:5432}, {@code [fd00::1]:5432}) or a CIDR range ({@code 10.20.0.0/16})
 *                           ({@code DM_CONNECTIONS_ALLOWED_TARGETS}, comma-separated)
 * @param testsPerMinute     connection tests one organization may run per minute
 * @param queryTimeout       limit of each checklist query
 */
@ConfigurationProperties("dm.connections")
public record ConnectionPolicyProperties(
        @DefaultValue("true") boolean blockPrivateRanges,
        @DefaultValue List<String> allowedTargets,
        @DefaultValue("30") int testsPerMinute,
        @DefaultValue("10s") Duration queryTimeout) {
}
