package com.platform.datamigration.support.source;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** For services that open connections to sources: the host policy and the connector. Import it explicitly. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConnectionPolicyProperties.class, DenyProperties.class})
public class SourcesConfiguration {

    @Bean
    HostPolicy hostPolicy(ConnectionPolicyProperties props) {
        return new HostPolicy(props);
    }

    @Bean
    PlatformServers platformServers(DenyProperties props) {
        return new PlatformServers(props);
    }

    @Bean
    SourceConnector sourceConnector(HostPolicy hosts, PlatformServers platform) {
        return new SourceConnector(hosts, platform);
    }

    /** Credentials from connection-service ({@code CONNECTION_SERVICE_URL}), for services other than it. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("dm.sources.connection-service-url")
    ConnectionCredentials connectionCredentials(@org.springframework.beans.factory.annotation.Value("${dm.sources.connection-service-url}")
            java.net.URI connectionService, com.platform.datamigration.support.security.InternalProperties internal) {
        return new ConnectionCredentials(connectionService, internal);
    }
}
