package com.platform.datamigration.support.problem;

/** One problem with one field of a request, by its path in the body ({@code options.chunkSize}) or parameter name. */
public record FieldError(String field, String message) {
}
