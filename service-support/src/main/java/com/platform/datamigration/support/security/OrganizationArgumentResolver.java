package com.platform.datamigration.support.security;

import com.platform.datamigration.contracts.OrganizationId;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets a handler method take the caller's {@link OrganizationId} as a parameter. It comes from the validated
 * token only; a handler never reads an organization from a path, query or body.
 */
final class OrganizationArgumentResolver implements HandlerMethodArgumentResolver {

    private final String organizationClaim;

    OrganizationArgumentResolver(String organizationClaim) {
        this.organizationClaim = organizationClaim;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return OrganizationId.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .cast(Authentication.class)
                .map(auth -> (Object) Organizations.of(auth, organizationClaim))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("unauthenticated request reached a handler")));
    }
}
