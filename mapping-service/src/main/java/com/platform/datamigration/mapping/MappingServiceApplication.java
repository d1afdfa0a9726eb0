package com.platform.datamigration.mapping;

import com.platform.datamigration.support.EnableServiceSupport;
import com.platform.datamigration.support.source.SourcesConfiguration;
import com.platform.datamigration.support.security.SecurityProperties;
import com.platform.datamigration.support.privacy.PrivacyProperties;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.web.OrganizationSummaryRoute;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Mapping service: the target catalog, mappings and their immutable versions, validation and previews. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableServiceSupport
@Import(SourcesConfiguration.class)
@EnableConfigurationProperties({TargetTenancy.class, PrivacyProperties.class})
public class MappingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MappingServiceApplication.class, args);
    }

    /** Feeds the stepper: how many the caller's organization has. */
    @Bean
    RouterFunction<ServerResponse> summaryRoute(DatabaseClient db, SecurityProperties security) {
        return OrganizationSummaryRoute.of("/api/data-migration/mappings/summary",
                "SELECT count(*) FROM mapping WHERE organization_id = :org AND archived_at IS NULL", db, security);
    }
}
