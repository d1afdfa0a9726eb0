package com.platform.datamigration.support.source;

import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The HTTP answer to a source that could not be used: its fixed code and message, never the driver's text. */
public final class SourceProblems {

    private SourceProblems() {
    }

    /**
     * 422 naming the field for a source refused by policy ({@link FailureCode#BLOCKED_HOST},
     * {@link FailureCode#PLATFORM_DATABASE}); 502 for a source that failed.
     */
    public static ErrorResponseException of(SourceException e) {
        if (e.refused()) {
            return Problems.unprocessable(e.code().name(), e.field(), e.code().message());
        }
        return Problems.of(HttpStatus.BAD_GATEWAY, e.code().message(), e.code().name(), List.of());
    }
}
