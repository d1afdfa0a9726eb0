package com.platform.datamigration.explorer;

import com.platform.datamigration.support.EnableServiceSupport;
import com.platform.datamigration.support.source.SourcesConfiguration;
import com.platform.datamigration.support.security.SecurityProperties;
import com.platform.datamigration.support.web.OrganizationSummaryRoute;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Explorer service: catalog snapshots of sources, drift between snapshots, column profiles and sample rows. */
@SpringBootApplication
@EnableServiceSupport
@Import(SourcesConfiguration.class)
public class ExplorerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExplorerServiceApplication.class, args);
    }

    /** Feeds the stepper: how many the caller's organization has. */
    @Bean
    RouterFunction<ServerResponse> summaryRoute(DatabaseClient db, SecurityProperties security) {
        return OrganizationSummaryRoute.of("/api/data-migration/explore/summary",
                "SELECT count(*) FROM catalog_snapshot WHERE organization_id = :org", db, security);
    }
}
