package com.platform.datamigration.support.problem;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds the Problem Details (RFC 9457) that handlers throw. Messages name what is wrong and never carry a
 * secret, a driver's message or a stack trace.
 */
public final class Problems {

    private Problems() {
    }

    /** 404 for a resource that does not exist in the caller's organization (also for another organization's). */
    public static ErrorResponseException notFound(String resource, Object id) {
        return of(HttpStatus.NOT_FOUND, "No " + resource + " with id " + id + ".", null, List.of());
    }

    /** 409 with a machine-readable code. */
    public static ErrorResponseException conflict(String code, String detail) {
        return of(HttpStatus.CONFLICT, detail, code, List.of());
    }

    /** 400 naming the fields at fault. */
    public static ErrorResponseException badRequest(List<FieldError> errors) {
        return of(HttpStatus.BAD_REQUEST, describe(errors), null, errors);
    }

    /** 422: well-formed but refused, with a machine-readable code and the field at fault. */
    public static ErrorResponseException unprocessable(String code, String field, String detail) {
        return of(HttpStatus.UNPROCESSABLE_CONTENT, detail, code, field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    public static ErrorResponseException of(HttpStatus status, String detail, String code, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (code != null) {
            problem.setProperty("code", code);
        }
        if (!errors.isEmpty()) {
            problem.setProperty("errors", List.copyOf(errors));
        }
        return new ErrorResponseException(status, problem, null);
    }

    static String describe(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return "The request is invalid.";
        }
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return "Invalid field '" + first.field() + "': " + first.message() + more + ".";
    }
}
