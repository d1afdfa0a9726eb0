package com.platform.datamigration.run.runs.web;

import com.platform.datamigration.run.runs.RunRefusal;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.ErrorResponseException;

/** The runs stage's refusals as Problem Details (RFC 9457), with their code and the field at fault. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RunProblems {

    @ExceptionHandler(RunRefusal.class)
    ResponseEntity<ProblemDetail> refused(RunRefusal refusal) {
        ErrorResponseException problem = of(refusal);
        return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
    }

    static ErrorResponseException of(RunRefusal r) {
        List<FieldError> errors = r.field() == null ? List.of() : List.of(new FieldError(r.field(), r.fieldMessage()));
        return switch (r.kind()) {
            case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, r.getMessage(), null, List.of());
            case INVALID -> Problems.badRequest(errors);
            case UNPROCESSABLE -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, r.getMessage(), r.code(), errors);
            case CONFLICT -> Problems.of(HttpStatus.CONFLICT, r.getMessage(), r.code(), errors);
            case UNAVAILABLE -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE, r.getMessage(), r.code(), List.of());
        };
    }
}
