package com.platform.datamigration.gateway.stepper;

import com.platform.datamigration.gateway.GatewayProperties;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.web.OrganizationSummary;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/data-migration/stepper}: asks the connection, mapping and run services, in parallel and with
 * the caller's own token, how many of their resources the caller's organization has (see docs/adr/0003).
 */
@RestController
class StepperController {

    private static final Logger log = LoggerFactory.getLogger(StepperController.class);

    private final WebClient http;
    private final GatewayProperties props;

    StepperController(GatewayProperties props) {
        this.http = WebClient.create();
        this.props = props;
    }

    @GetMapping("/api/data-migration/stepper")
    Mono<Stepper> stepper(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return Mono.zip(
                total("connection-service", props.connectionServiceUrl(), "/api/data-migration/connections/summary", authorization),
                total("mapping-service", props.mappingServiceUrl(), "/api/data-migration/mappings/summary", authorization),
                total("run-service", props.runServiceUrl(), "/api/data-migration/runs/summary", authorization))
                .map(t -> new Stepper(t.getT1() > 0, t.getT2() > 0, t.getT3() > 0));
    }

    private Mono<Long> total(String service, URI base, String path, String authorization) {
        return http.get().uri(base.resolve(path))
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .retrieve()
                .bodyToMono(OrganizationSummary.class)
                .map(OrganizationSummary::total)
                .timeout(props.summaryTimeout())
                .onErrorMap(e -> {
                    log.warn("Stepper: {} did not answer its summary: {}", service, e.toString());
                    return Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                            "The " + service + " is unavailable; try again shortly.", "SERVICE_UNAVAILABLE", List.of());
                });
    }
}
