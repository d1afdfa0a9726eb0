package com.platform.datamigration.connection.credentials.web;

import com.platform.datamigration.connection.credentials.CredentialCipher;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A stored password that does not decrypt for its connection is a conflict the admin resolves by re-entering it. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CredentialProblems {

    @ExceptionHandler(CredentialCipher.CredentialException.class)
    ResponseEntity<ProblemDetail> unreadable(CredentialCipher.CredentialException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT,
                "The stored password cannot be decrypted for this connection; enter the password again.",
                "CREDENTIALS_UNREADABLE", List.of()).getBody());
    }
}
