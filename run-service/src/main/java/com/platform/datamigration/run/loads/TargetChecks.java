package com.platform.datamigration.run.loads;

import com.platform.datamigration.mapping.expression.Type;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conditions, in the source's SQL, that a mapped value fits its target column (PostgreSQL spelling of the column's
 * type, as {@code format_type} writes it), that never fail themselves: what the target would refuse when the value is
 * written. A type with no such condition here is left to the target (its refusal sends the chunk to the Java path).
 */
final class TargetChecks {

    private static final Pattern LENGTH = Pattern.compile("(?:character varying|character)\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private TargetChecks() {
    }

    /** The conjunction of conditions, null ones (always true) left out; null when none is left. */
    static String all(List<String> conditions) {
        List<String> present = conditions.stream().filter(c -> c != null).toList();
        return present.isEmpty() ? null : present.size() == 1 ? present.get(0) : "(" + String.join(" AND ", present) + ")";
    }

    /** Whether value {@code v} (parenthesized SQL) of language type {@code from} fits a column of type {@code column}. */
    static String fits(String v, Type from, String column) {
        Matcher length = LENGTH.matcher(column);
        if (length.matches()) {
            return "(" + v + " IS NULL OR char_length(CAST(" + v + " AS text)) <= " + length.group(1) + ")";
        }
        Matcher numeric = NUMERIC.matcher(column);
        if (numeric.matches() && from.numeric()) {
            int scale = Integer.parseInt(numeric.group(2));
            String limit = "1e" + (Integer.parseInt(numeric.group(1)) - scale);
            return within(v, "-" + limit, limit, "abs(round(CAST(" + v + " AS numeric), " + scale + ")) < " + limit);
        }
        String[] range = switch (column) {
            case "smallint" -> new String[] {"-32768", "32767"};
            case "integer" -> new String[] {"-2147483648", "2147483647"};
            case "bigint" -> new String[] {"-9223372036854775808", "9223372036854775807"};
            default -> null;
        };
        if (range == null || !from.numeric() || (from == Type.INTEGER && column.equals("bigint"))) {
            return null;
        }
        if (from == Type.INTEGER) {
            return "(" + v + " IS NULL OR " + v + " BETWEEN " + range[0] + " AND " + range[1] + ")";
        }
        // A decimal or float is rounded into the column; NaN and the infinities never lie strictly inside the bounds.
        return within(v, range[0] + " - 1", range[1] + " + 1",
                "round(CAST(" + v + " AS numeric)) BETWEEN " + range[0] + " AND " + range[1]);
    }

    private static String within(String v, String low, String high, String exact) {
        return "CASE WHEN " + v + " IS NULL THEN TRUE WHEN " + v + " > " + low + " AND " + v + " < " + high + " THEN " + exact
                + " ELSE FALSE END";
    }
}
