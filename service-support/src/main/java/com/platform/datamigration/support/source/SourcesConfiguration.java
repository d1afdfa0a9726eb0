package com.platform.datamigration.support.source;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** For services that open connections to sources: the host policy and the connector. Import it explicitly. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionPolicyProperties.class)
public class SourcesConfiguration {

    @Bean
    HostPolicy hostPolicy(ConnectionPolicyProperties props) {
        return new HostPolicy(props);
    }

    @Bean
    SourceConnector sourceConnector(HostPolicy hosts) {
        return new SourceConnector(hosts);
    }
}
