package com.platform.datamigration.mapping.expression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every function of the language, each defined once ({@link FunctionDef}: its type rule, Java evaluation and PostgreSQL
 * forms together) by its family. {@code lookup} is not here: it reads the target, and {@link Expression} handles it.
 * The reference in {@code docs/functions.md} is generated from these definitions.
 */
final class Functions {

    private static final Map<String, FunctionDef> TABLE = table();

    private Functions() {
    }

    private static Map<String, FunctionDef> table() {
        Map<String, FunctionDef> out = new LinkedHashMap<>();
        List<FunctionDef> all = new ArrayList<>();
        all.addAll(TextFunctions.all());
        all.addAll(NumberFunctions.all());
        all.addAll(OperatorFunctions.all());
        all.addAll(TimeFunctions.all());
        all.addAll(ConditionalFunctions.all());
        all.addAll(PrivacyFunctions.all());
        all.addAll(JsonFunctions.all());
        all.addAll(ArrayFunctions.all());
        for (FunctionDef def : all) {
            if (out.put(def.name, def.validate()) != null) {
                throw new IllegalStateException("function " + def.name + " is defined twice");
            }
        }
        return out;
    }

    static Collection<FunctionDef> all() {
        return TABLE.values();
    }

    /** The function of that (lower-case) name; {@code INVALID_FUNCTION} naming the ones there are when there is none. */
    static FunctionDef get(String name) {
        FunctionDef def = TABLE.get(name);
        if (def == null) {
            List<String> names = new ArrayList<>(TABLE.keySet().stream().filter(n -> Character.isLetter(n.charAt(0))).sorted().toList());
            names.add("lookup");
            names.add("map");
            throw new ExpressionException("INVALID_FUNCTION", "unknown function " + name + " (available: " + String.join(", ", names) + ")");
        }
        return def;
    }

    /**
     * The reference of every function, in Markdown: what {@code docs/functions.md} holds (a test keeps the two equal).
     */
    static String reference() {
        StringBuilder out = new StringBuilder();
        out.append("# Mapping functions\n\n")
                .append("Generated from the function table of `mapping-language` (`Functions`); a test fails when this file and the\n")
                .append("code differ. Regenerate with `./mvnw -pl mapping-language test -Dtest=FunctionReferenceTest -Dfunctions.reference.write=true`.\n\n")
                .append("Every function evaluates in Java and, unless it says otherwise, compiles to PostgreSQL with the same result\n")
                .append("(property-tested against a real server). Each example is evaluated by the same test.\n");
        Map<String, List<FunctionDef>> byCategory = new LinkedHashMap<>();
        for (FunctionDef def : TABLE.values()) {
            byCategory.computeIfAbsent(def.category, c -> new ArrayList<>()).add(def);
        }
        for (Map.Entry<String, List<FunctionDef>> c : byCategory.entrySet()) {
            out.append("\n## ").append(Character.toUpperCase(c.getKey().charAt(0))).append(c.getKey().substring(1)).append("\n\n")
                    .append("| function | what it gives | nulls | example | in SQL |\n|---|---|---|---|---|\n");
            for (FunctionDef def : c.getValue()) {
                out.append("| `").append(cell(def.signature)).append("` | ").append(cell(def.summary)).append(" | ").append(cell(def.nullRule()))
                        .append(" | `").append(cell(def.example)).append("` | ").append(def.javaOnly == null ? "yes" : "no: " + cell(def.javaOnly))
                        .append(" |\n");
            }
        }
        out.append(RegexSubset.REFERENCE);
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** The conjunction of conditions, null ones (always true) left out; null when none is left. */
    static String all(List<String> conditions) {
        List<String> present = conditions.stream().filter(c -> c != null).toList();
        return present.isEmpty() ? null : present.size() == 1 ? present.get(0) : "(" + String.join(" AND ", present) + ")";
    }

    static String literalString(String function, Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof String s) {
            return s;
        }
        throw invalid(function + " needs a literal text here (in quotes)");
    }

    static long literalLong(String function, Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof Long n) {
            return n;
        }
        throw invalid(function + " needs a literal whole number here");
    }

    static ExpressionException invalid(String message) {
        return new ExpressionException("INVALID_ARGUMENTS", message);
    }
}
