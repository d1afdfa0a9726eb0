package com.platform.datamigration.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services are ({@code dm.gateway.*}; environment variables {@code CONNECTION_SERVICE_URL} and so on,
 * defaulting to the local stack's ports 8081–8084).
 *
 * @param summaryTimeout how long the stepper waits for each service's summary
 * @param maxRequestBody the largest request body routed to a service (default 1 MB; the services accept 2 MB), larger
 *                       ones answer 413
 */
@ConfigurationProperties("dm.gateway")
public record GatewayProperties(
        URI connectionServiceUrl,
        URI explorerServiceUrl,
        URI mappingServiceUrl,
        URI runServiceUrl,
        @DefaultValue("3s") Duration summaryTimeout,
        @DefaultValue("1MB") DataSize maxRequestBody) {
}
