package com.platform.datamigration.support.security;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.util.StringUtils;

/**
 * Every application validates the bearer token itself (signature, issuer, audience, expiry, organization claim)
 * and requires the admin permission on everything but health probes. The gateway checks the same again, so a
 * service reached directly is no weaker than the gateway.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({SecurityProperties.class, InternalProperties.class})
public class TokenSecurityConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(SecurityProperties props) {
        if (!StringUtils.hasText(props.issuerUri()) || !StringUtils.hasText(props.jwkSetUri())) {
            throw new IllegalStateException(
                    "dm.security.issuer-uri and dm.security.jwk-set-uri (DM_JWT_ISSUER_URI, DM_JWK_SET_URI) must be set");
        }
        // Key sets are fetched rarely (they are cached): a fresh connection each time, a bounded wait, and two retries,
        // so a pooled connection the issuer has just closed, or a lost request, never leaves a caller waiting.
        HttpClient http = HttpClient.create()
                .keepAlive(false)
                .responseTimeout(Duration.ofSeconds(5))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        WebClient keys = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .filter((request, next) -> next.exchange(request).retryWhen(Retry.backoff(2, Duration.ofMillis(200))))
                .build();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(props.jwkSetUri()).webClient(keys).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(props.issuerUri()));
        validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(props.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not meant for this audience", null)));
        validators.add(jwt -> Organizations.isValid(jwt.getClaim(props.organizationClaim()))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token names no organization", null)));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * {@code /internal/**}: only a service credential ({@link InternalProperties#HEADER}) gets in; an admin's
     * bearer token does not.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain internalSecurity(ServerHttpSecurity http, InternalProperties internal) {
        AuthenticationWebFilter serviceCredential = new AuthenticationWebFilter(
                (ReactiveAuthenticationManager) authentication -> Mono.just(authentication));
        serviceCredential.setServerAuthenticationConverter(exchange -> Mono.justOrEmpty(
                internal.authenticate(exchange.getRequest().getHeaders().getFirst(InternalProperties.HEADER)))
                .map(caller -> (Authentication) new PreAuthenticatedAuthenticationToken("service:" + caller, "n/a",
                        AuthorityUtils.createAuthorityList("INTERNAL_SERVICE"))));
        ProblemAuthenticationHandlers handlers = ProblemAuthenticationHandlers.serviceCredential();
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(serviceCredential, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges.anyExchange().hasAuthority("INTERNAL_SERVICE"))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .build();
    }

    @Bean
    SecurityWebFilterChain tokenSecurity(ServerHttpSecurity http, SecurityProperties props, ReactiveJwtDecoder decoder) {
        JwtGrantedAuthoritiesConverter permissions = new JwtGrantedAuthoritiesConverter();
        permissions.setAuthoritiesClaimName(props.permissionsClaim());
        permissions.setAuthorityPrefix("");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(permissions);
        ProblemAuthenticationHandlers handlers = ProblemAuthenticationHandlers.bearer(props.requiredPermission());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyExchange().hasAuthority(props.requiredPermission()))
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(authentication)))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .build();
    }
}
