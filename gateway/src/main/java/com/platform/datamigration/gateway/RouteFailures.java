package com.platform.datamigration.gateway;

import com.platform.datamigration.support.problem.Problems;
import java.net.ConnectException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * A routed call whose service is down (503) or goes silent past the response timeout (504) answers Problem Details
 * naming the service, as the stepper does, instead of the catch-all 500. Consulted before the shared
 * {@code ProblemHandling}; every other status exception keeps its own status and body.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RouteFailures {

    private static final Logger log = LoggerFactory.getLogger(RouteFailures.class);

    private final Map<String, String> services = new HashMap<>();

    RouteFailures(GatewayProperties props) {
        services.put(authority(props.connectionServiceUrl()), "connection-service");
        services.put(authority(props.explorerServiceUrl()), "explorer-service");
        services.put(authority(props.mappingServiceUrl()), "mapping-service");
        services.put(authority(props.runServiceUrl()), "run-service");
    }

    @ExceptionHandler(ConnectException.class)
    ResponseEntity<ProblemDetail> unavailable(ConnectException failure, ServerWebExchange exchange) {
        return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "is unavailable", failure);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException failure, ServerWebExchange exchange) {
        if (failure.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()
                && exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR) != null) {
            return problem(exchange, HttpStatus.GATEWAY_TIMEOUT, "SERVICE_TIMEOUT", "did not answer in time", failure);
        }
        return ResponseEntity.status(failure.getStatusCode()).headers(failure.getHeaders()).body(failure.getBody());
    }

    private ResponseEntity<ProblemDetail> problem(ServerWebExchange exchange, HttpStatus status, String code, String what,
            Exception failure) {
        URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String service = target != null ? services.get(authority(target)) : route != null ? services.get(authority(route.getUri())) : null;
        service = service != null ? service : "service";
        log.warn("{} {}: {} {} ({})", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), service, code,
                failure.toString());
        ProblemDetail body = Problems.of(status, "The " + service + " " + what + "; try again shortly.", code, List.of()).getBody();
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(status).body(body);
    }

    private static String authority(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
