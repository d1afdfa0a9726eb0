package com.platform.datamigration.mapping.mappings;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How an issue names an entry of a spec's {@code fields}: by the target field it maps, {@code fields.birth_date}, so
 * that the path says which entry whatever its place in the list; by its index, {@code fields[3]}, where the target
 * cannot say which entry is meant: one that is blank, not a field of the target table, not a plain name (a dot, a
 * bracket or a space would read as another path), or mapped by more than one entry.
 */
final class FieldPaths {

    /** Letters, digits, {@code _} and {@code $}: what a column is named when it needs no quotes, in any case. */
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}_$]+");

    private final List<MappingSpec.Field> fields;
    private final Set<String> targetFields;
    /** Each target to the index of the first entry that maps it. */
    private final Map<String, Integer> first = new HashMap<>();
    /** The targets more than one entry maps. */
    private final Set<String> repeated = new HashSet<>();

    private FieldPaths(List<MappingSpec.Field> fields, Set<String> targetFields) {
        this.fields = fields;
        this.targetFields = targetFields;
        for (int i = 0; i < fields.size(); i++) {
            String target = fields.get(i).target();
            if (target != null && first.putIfAbsent(target, i) != null) {
                repeated.add(target);
            }
        }
    }

    /** The paths of {@code fields}, a spec's entries, that map fields of a table with {@code targetFields}. */
    static FieldPaths of(List<MappingSpec.Field> fields, Set<String> targetFields) {
        return new FieldPaths(fields, targetFields);
    }

    /** The path of the entry at {@code i}: {@code fields.<target>}, or {@code fields[i]} where the target cannot say. */
    String of(int i) {
        String target = fields.get(i).target();
        return target != null && targetFields.contains(target) && !repeated.contains(target) && PLAIN.matcher(target).matches()
                ? "fields." + target
                : index(i);
    }

    /** The entry at {@code i} by its index, {@code fields[i]}. */
    static String index(int i) {
        return "fields[" + i + "]";
    }

    /** The index of the first entry that maps {@code target}, or -1 when none does. */
    int first(String target) {
        return first.getOrDefault(target, -1);
    }
}
