package com.platform.datamigration.run;

import com.platform.datamigration.support.EnableServiceSupport;
import com.platform.datamigration.support.security.SecurityProperties;
import com.platform.datamigration.support.source.SourcesConfiguration;
import com.platform.datamigration.support.privacy.PrivacyProperties;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.web.OrganizationSummaryRoute;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Run service: planning into chunks, the chunk ledger, workers, progress and history. {@code DM_RUN_ROLES} picks the
 * api role (HTTP, planning, progress), the worker role (executes chunks), or both (the default).
 */
@SpringBootApplication
@EnableServiceSupport
@Import(SourcesConfiguration.class)
@EnableConfigurationProperties({RunProperties.class, TargetTenancy.class, PrivacyProperties.class})
public class RunServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RunServiceApplication.class, args);
    }

    /** Feeds the stepper: how many the caller's organization has. */
    @Bean
    RouterFunction<ServerResponse> summaryRoute(DatabaseClient db, SecurityProperties security) {
        return OrganizationSummaryRoute.of("/api/data-migration/runs/summary",
                "SELECT count(*) FROM run WHERE organization_id = :org", db, security);
    }
}
