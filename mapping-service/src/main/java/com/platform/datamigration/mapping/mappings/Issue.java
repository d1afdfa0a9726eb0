package com.platform.datamigration.mapping.mappings;

/**
 * One problem (an error blocks saving; a warning does not) with its path in the spec, e.g.
 * {@code fields.birth_date.expression} (an entry of {@code fields} by the target field it maps; by its index,
 * {@code fields[3].target}, where the target cannot say which entry is meant), and a machine-readable code.
 */
public record Issue(String field, String code, String message) {
}
