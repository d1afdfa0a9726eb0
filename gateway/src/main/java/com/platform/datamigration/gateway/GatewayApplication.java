package com.platform.datamigration.gateway;

import com.platform.datamigration.support.problem.ProblemHandling;
import com.platform.datamigration.support.security.OrganizationWebConfiguration;
import com.platform.datamigration.support.security.TokenSecurityConfiguration;
import com.platform.datamigration.support.web.InputHygiene;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The gateway: validates the token and the permission (as every service does again), routes each stage under
 * {@code /api/data-migration} to its service with the caller's token, and answers the stepper. Services'
 * {@code /internal/**} endpoints and actuators are never routed.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({TokenSecurityConfiguration.class, OrganizationWebConfiguration.class, ProblemHandling.class, InputHygiene.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
