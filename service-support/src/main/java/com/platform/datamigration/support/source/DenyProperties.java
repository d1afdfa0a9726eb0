package com.platform.datamigration.support.source;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own servers and databases, which are never a source whatever the allow-list says
 * ({@code dm.connections.deny.*}). The servers come from the service's own configuration, so the rule holds in every
 * environment without extra setup.
 *
 * @param databases        databases refused as a source on any of the platform's own servers (compared ignoring case);
 *                         the databases named in {@link #own()} and {@link #platform()} join them. Default: the four
 *                         services' databases, {@code platform} (the target, home of the {@code dm_ledger} schema) and
 *                         the server's maintenance databases {@code postgres}, {@code template0}, {@code template1}
 * @param targets          further servers refused entirely as a source, every database on them: {@code host},
 *                         {@code host:port}, {@code 10.1.2.3:5432}, {@code [fd00::1]:5432}
 *                         ({@code DM_CONNECTIONS_DENIED_TARGETS}, comma-separated; default none)
 * @param own              the service's own database server (defaults to its Flyway connection:
 *                         {@code POSTGRES_HOST}, {@code POSTGRES_PORT}, {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD})
 * @param platform         the platform database's server, for services that reach it ({@code PLATFORM_DB}); may be absent
 * @param identityMaxAge   how long an identity read from one of the platform's servers is trusted before a source that
 *                         does not match it makes it read again (a restart changes the identity)
 */
@ConfigurationProperties("dm.connections.deny")
public record DenyProperties(
        @DefaultValue({"dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform", "postgres", "template0", "template1"})
        List<String> databases,
        @DefaultValue List<String> targets,
        Server own,
        Server platform,
        @DefaultValue("5s") Duration identityMaxAge) {

    /**
     * One of the platform's own PostgreSQL servers and how this service logs in to it (to read its identity).
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
     */
    public record Server(String jdbcUrl, String username, String password) {

        @Override
        public String toString() {
            return "Server[" + jdbcUrl + ", " + username + ", password=***]";
        }
    }
}
