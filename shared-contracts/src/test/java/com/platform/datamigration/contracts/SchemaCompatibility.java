package com.platform.datamigration.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a new version of an event's JSON Schema is compatible with the published one, from the
 * point of view of a consumer written against the published one. Only additive changes pass:
 * <ul>
 *     <li>no property disappears, and no required property becomes optional;</li>
 *     <li>a property's allowed types never widen (e.g. {@code string} to {@code string|null}) nor change;</li>
 *     <li>a format never changes; enum values are only ever added;</li>
 *     <li>an object never closes ({@code additionalProperties: false}).</li>
 * </ul>
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** The incompatibilities found, each with its JSON path; empty when the change is additive. */
    static List<String> violations(JsonNode published, JsonNode proposed) {
        List<String> out = new ArrayList<>();
        compare("$", published, proposed, out);
        return out;
    }

    private static void compare(String path, JsonNode old, JsonNode now, List<String> out) {
        Set<String> oldTypes = types(old);
        Set<String> newTypes = types(now);
        if (!oldTypes.isEmpty() && !oldTypes.containsAll(newTypes)) {
            out.add(path + ": type changed from " + oldTypes + " to " + newTypes);
        }
        if (old.has("format") && !old.get("format").equals(now.get("format"))) {
            out.add(path + ": format changed from " + old.get("format") + " to " + now.get("format"));
        }
        if (old.has("enum")) {
            Set<String> oldValues = strings(old.get("enum"));
            Set<String> newValues = now.has("enum") ? strings(now.get("enum")) : null;
            if (newValues != null && !newValues.containsAll(oldValues)) {
                Set<String> removed = new HashSet<>(oldValues);
                removed.removeAll(newValues);
                out.add(path + ": enum values removed " + removed);
            }
        }
        JsonNode oldAdditional = old.get("additionalProperties");
        JsonNode newAdditional = now.get("additionalProperties");
        boolean wasOpen = oldAdditional == null || !oldAdditional.isBoolean() || oldAdditional.booleanValue();
        boolean isOpen = newAdditional == null || !newAdditional.isBoolean() || newAdditional.booleanValue();
        if (wasOpen && !isOpen) {
            out.add(path + ": object closed to additional properties");
        }
        Set<String> newRequired = now.has("required") ? strings(now.get("required")) : Set.of();
        if (old.has("required")) {
            for (String name : strings(old.get("required"))) {
                if (!newRequired.contains(name)) {
                    out.add(path + "." + name + ": no longer required");
                }
            }
        }
        JsonNode oldProps = old.get("properties");
        if (oldProps != null) {
            JsonNode newProps = now.get("properties");
            for (Map.Entry<String, JsonNode> property : oldProps.properties()) {
                JsonNode replacement = newProps == null ? null : newProps.get(property.getKey());
                if (replacement == null) {
                    out.add(path + "." + property.getKey() + ": property removed");
                } else {
                    compare(path + "." + property.getKey(), property.getValue(), replacement, out);
                }
            }
        }
        if (old.has("items")) {
            if (!now.has("items")) {
                out.add(path + "[]: item schema removed");
            } else {
                compare(path + "[]", old.get("items"), now.get("items"), out);
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return Set.of();
        }
        return type.isArray() ? strings(type) : Set.of(type.asString());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
