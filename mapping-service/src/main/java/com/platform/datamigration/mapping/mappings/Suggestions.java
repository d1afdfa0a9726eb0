package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proposes field mappings for a source and a target table by name and type: legacy abbreviations expanded
 * ({@code first_nm} → first name → given name, {@code dob} → birth date), acronyms recognized ({@code mrn} ↔
 * medical record number), a target {@code id} matched to the source's primary key, and a conversion chosen when
 * the types differ ({@code parse_date}, {@code to_decimal}, {@code utc}, {@code <> 0}). The admin accepts or edits.
 */
public final class Suggestions {

    private static final Map<String, List<String>> ABBREVIATIONS = Map.ofEntries(
            Map.entry("nm", List.of("name")), Map.entry("txt", List.of()), Map.entry("cd", List.of("code")),
            Map.entry("dt", List.of("date")), Map.entry("ts", List.of("at")), Map.entry("no", List.of("number")),
            Map.entry("num", List.of("number")), Map.entry("addr", List.of("address")), Map.entry("dob", List.of("birth", "date")),
            Map.entry("is", List.of()), Map.entry("flg", List.of()), Map.entry("tel", List.of("phone")),
            Map.entry("mail", List.of("email")), Map.entry("qty", List.of("quantity")), Map.entry("amt", List.of("amount")),
            Map.entry("desc", List.of("description")), Map.entry("on", List.of("date")));
    private static final Map<String, String> SYNONYMS = Map.of("first", "given", "last", "family", "surname", "family",
            "forename", "given", "gender", "sex", "created", "created", "dob", "birth");
    private static final Set<String> WEAK = Set.of("name", "code", "date", "at", "number", "id", "txt");

    private Suggestions() {
    }

    /** A proposed field mapping. */
    public record Suggestion(String target, String expression, double confidence, String reason) {
    }

    public static List<Suggestion> suggest(TableInfo source, TargetCatalog.TargetTable target) {
        List<Suggestion> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (TargetCatalog.TargetField field : target.fields()) {
            if (field.generated()) {
                continue;
            }
            TableInfo.ColumnInfo best = null;
            double bestScore = 0;
            String why = null;
            for (TableInfo.ColumnInfo column : source.columns()) {
                if (used.contains(column.name())) {
                    continue;
                }
                double score;
                String reason;
                if (field.name().equals("id") && source.primaryKey().equals(List.of(column.name()))) {
                    score = 0.9;
                    reason = "the source's primary key";
                } else if (acronym(field.name()).equals(column.name().toLowerCase(Locale.ROOT))) {
                    score = 0.85;
                    reason = column.name() + " abbreviates " + field.name();
                } else {
                    Set<String> targetTokens = tokens(field.name());
                    Set<String> sourceTokens = tokens(column.name());
                    score = similarity(targetTokens, sourceTokens);
                    if (!targetTokens.isEmpty() && sourceTokens.containsAll(targetTokens)) {
                        score = Math.max(score, 0.6); // full_nm for name, email_addr for email
                    }
                    reason = "similar names";
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = column;
                    why = reason;
                }
            }
            if (best != null && bestScore >= 0.5) {
                used.add(best.name());
                out.add(new Suggestion(field.name(), expression(best, field), Math.round(bestScore * 100) / 100.0, why));
            }
        }
        return out;
    }

    /** A conversion when the types differ; the column as it is otherwise. */
    static String expression(TableInfo.ColumnInfo column, TargetCatalog.TargetField field) {
        String c = column.name().matches("[a-z_][a-z0-9_]*") ? column.name() : "\"" + column.name().replace("\"", "\"\"") + "\"";
        Type from = Type.ofNormalized(column.normalizedType());
        Type to = Type.ofNormalized(field.normalizedType());
        if (from == to) {
            return from == Type.STRING && "STRING".equals(field.normalizedType()) && column.name().endsWith("_nm") ? "trim(" + c + ")" : c;
        }
        if (from == Type.STRING) {
            return switch (to) {
                case DATE -> "parse_date(" + c + ", 'MM/DD/YYYY')";
                case TIMESTAMP -> "parse_timestamp(" + c + ", 'YYYY-MM-DD HH24:MI:SS')";
                case DECIMAL -> "to_decimal(" + c + ", " + (field.precision() == null ? 38 : field.precision()) + ", "
                        + (field.scale() == null ? 2 : field.scale()) + ")";
                case INTEGER -> "to_integer(" + c + ")";
                default -> c;
            };
        }
        if (from == Type.INTEGER && to == Type.BOOLEAN) {
            return c + " <> 0";
        }
        if (from == Type.TIMESTAMP && to == Type.TIMESTAMPTZ) {
            return "utc(" + c + ")";
        }
        return c;
    }

    private static String acronym(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                out.append(part.charAt(0));
            }
        }
        return out.length() > 1 ? out.toString() : "\u0000";
    }

    static Set<String> tokens(String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            for (String t : ABBREVIATIONS.getOrDefault(raw, List.of(raw))) {
                out.add(SYNONYMS.getOrDefault(t, t));
            }
        }
        return out;
    }

    private static double similarity(Set<String> a, Set<String> b) {
        double shared = 0;
        double total = 0;
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        for (String t : all) {
            double weight = WEAK.contains(t) ? 0.3 : 1.0;
            total += weight;
            if (a.contains(t) && b.contains(t)) {
                shared += weight;
            }
        }
        return total == 0 ? 0 : shared / total;
    }
}
