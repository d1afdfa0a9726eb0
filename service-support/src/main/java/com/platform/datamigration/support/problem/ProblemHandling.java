package com.platform.datamigration.support.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import com.platform.datamigration.support.web.InputHygiene;

/**
 * Every error leaves as Problem Details. Bad input names the field at fault ({@code errors[].field}); an
 * unexpected failure answers 500 with an error id to quote, and nothing of its cause.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        List<FieldError> errors = new ArrayList<>();
        ex.getFieldErrors().forEach(e -> errors.add(new FieldError(e.getField(), e.getDefaultMessage())));
        ex.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
        return Mono.just(ResponseEntity.badRequest().body(Problems.badRequest(errors).getBody()));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        return Mono.just(ResponseEntity.badRequest().body(Problems.badRequest(List.of(inputError(ex))).getBody()));
    }

    /** Names the field of an unreadable body (by its JSON path) or the parameter that failed to convert. */
    static FieldError inputError(ServerWebInputException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()
                    && InputHygiene.NUL_IN_TEXT.equals(invalid.getValue())) {
                return new FieldError(path(invalid), "must not contain a NUL character");
            }
            if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                return new FieldError(path(databind), "has the wrong type or format");
            }
            if (cause instanceof JacksonException) {
                return new FieldError("body", "is not valid JSON");
            }
        }
        MethodParameter parameter = ex.getMethodParameter();
        if (parameter != null && parameter.getParameterName() != null) {
            return new FieldError(parameter.getParameterName(), "is missing or has the wrong format");
        }
        return new FieldError("body", ex.getReason() == null ? "is missing or unreadable" : ex.getReason());
    }

    private static String path(DatabindException ex) {
        StringBuilder out = new StringBuilder();
        for (var ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, ServerWebExchange exchange) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected failure {} on {} {}", errorId, exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. Quote error id " + errorId + " to support.");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.internalServerError().body(problem);
    }
}
