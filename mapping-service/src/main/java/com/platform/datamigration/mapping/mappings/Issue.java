package com.platform.datamigration.mapping.mappings;

/**
 * One problem (an error blocks saving; a warning does not) with its path in the spec, e.g.
 * {@code fields[3].expression}, and a machine-readable code.
 */
public record Issue(String field, String code, String message) {
}
