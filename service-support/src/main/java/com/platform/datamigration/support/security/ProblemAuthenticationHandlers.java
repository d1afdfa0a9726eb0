package com.platform.datamigration.support.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as Problem Details. The detail never repeats why a token was refused beyond its category, so
 * nothing about keys or claims leaks to a caller probing with forged tokens.
 */
final class ProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final String requiredPermission;
    private final boolean bearer;

    private ProblemAuthenticationHandlers(String requiredPermission, boolean bearer) {
        this.requiredPermission = requiredPermission;
        this.bearer = bearer;
    }

    /** For the API: a bearer token with the permission. */
    static ProblemAuthenticationHandlers bearer(String requiredPermission) {
        return new ProblemAuthenticationHandlers(requiredPermission, true);
    }

    /** For {@code /internal/**}: a service credential. */
    static ProblemAuthenticationHandlers serviceCredential() {
        return new ProblemAuthenticationHandlers(null, false);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        if (!bearer) {
            return write(exchange, HttpStatus.UNAUTHORIZED, "A valid service credential is required.");
        }
        boolean tokenPresent = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED, tokenPresent
                ? "The bearer token is invalid, expired, or not issued for this service."
                : "A bearer token is required.");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return write(exchange, HttpStatus.FORBIDDEN, bearer
                ? "The token lacks the permission " + requiredPermission + "."
                : "A valid service credential is required.");
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + jsonEscape(exchange.getRequest().getPath().value()) + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
