package com.platform.datamigration.support.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, with 400 Problem Details naming the field, text that no database of ours can store or that has no place in
 * a name: control characters in the path or a query parameter, and NUL in any string of a JSON body. PostgreSQL
 * refuses NUL in text outright, so without this such input would reach a query and fail there as a 500.
 */
@Configuration(proxyBeanMethods = false)
public class InputHygiene {

    /** What a refused body string is reported as: never the text itself, which may be long or a secret. */
    public static final String NUL_IN_TEXT = "(text with NUL)";

    /** Runs before security and routing: a request carrying such text is malformed whoever sends it. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter controlCharactersInTheUrl() {
        return (ServerWebExchange exchange, WebFilterChain chain) -> {
            String path = exchange.getRequest().getPath().value();
            if (hasControl(path) || hasControl(decoded(path))) {
                return refuse(exchange.getResponse(), "path");
            }
            for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
                if (hasControl(parameter.getKey())) {
                    return refuse(exchange.getResponse(), "query");
                }
                for (String value : parameter.getValue()) {
                    if (value != null && hasControl(value)) {
                        return refuse(exchange.getResponse(), parameter.getKey());
                    }
                }
            }
            return chain.filter(exchange);
        };
    }

    /** Strings of a JSON body must not contain NUL: 400 naming the field (its JSON path). */
    @Bean
    JacksonModule noNulInJsonStrings() {
        return new SimpleModule("no-nul-strings").addDeserializer(String.class, new NoNulStrings());
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }

    private static String decoded(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    private static Mono<Void> refuse(ServerHttpResponse response, String field) {
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"Invalid field '" + json(field) + "': must not contain control characters.\",\"errors\":[{\"field\":\"" + json(field)
                + "\",\"message\":\"must not contain control characters\"}]}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The standard string reading, then a refusal of NUL that Jackson reports with the field's path. */
    static final class NoNulStrings extends StringDeserializer {


        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw ctxt.weirdStringException(NUL_IN_TEXT, String.class, "must not contain a NUL character");
            }
            return value;
        }
    }
}
