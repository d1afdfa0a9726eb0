package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Proposes field mappings for a source and a target table, for the admin to accept or edit.
 *
 * <ul>
 *   <li>By name and type: legacy abbreviations expanded ({@code first_nm} → first name → given name, {@code dob} →
 *       birth date), acronyms recognized ({@code mrn} ↔ medical record number), a conversion chosen when the types
 *       differ ({@code parse_date}, {@code to_decimal}, {@code utc}, {@code <> 0}).</li>
 *   <li>Keys: a target key the database fills (identity, default) is never proposed; the source's primary key then
 *       goes into the target's own key field (an {@code external_ref}), otherwise a target {@code id} takes it.</li>
 *   <li>Foreign keys: a target field that references a table another mapping of the organization loads is proposed as
 *       {@code lookup('<that mapping>', …)} of the source's column, built like that mapping's key; one that references
 *       a table whose key the database generates, with no such mapping, is not proposed at all (a legacy id is not a
 *       platform id).</li>
 *   <li>From the data, where sampled values of the source's text columns are given: the date or timestamp formats the
 *       values match, the most usual first, blank values read as null, an ambiguous format left to the note;
 *       {@code trim} where values carry spaces; {@code to_boolean} for text flags ({@code Y}/{@code N}).</li>
 * </ul>
 * Every proposed expression compiles against the source table; none writes the tenant column.
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
    /** Words of a target field that keeps the source system's key. */
    private static final Set<String> REFERENCE_WORDS = Set.of("external", "ref", "reference", "legacy", "source", "origin");

    /** Date formats tried on sampled values, the more usual first (a tie goes to the earlier). */
    static final List<String> DATE_FORMATS = List.of("MM/DD/YYYY", "YYYY-MM-DD", "DD/MM/YYYY", "DD.MM.YYYY", "YYYYMMDD",
            "MM-DD-YYYY", "DD-MM-YYYY", "YYYY/MM/DD");
    static final List<String> TIMESTAMP_FORMATS = List.of("YYYY-MM-DD HH24:MI:SS", "YYYY-MM-DD HH24:MI", "MM/DD/YYYY HH24:MI:SS",
            "MM/DD/YYYY HH24:MI", "DD/MM/YYYY HH24:MI:SS", "DD.MM.YYYY HH24:MI:SS", "DD.MM.YYYY HH24:MI", "YYYYMMDD HH24MISS",
            "YYYYMMDD HH24MI");
    /** The pairs of flags {@code to_boolean} reads (any case, spaces around). */
    private static final List<List<String>> FLAGS = List.of(List.of("Y", "N"), List.of("T", "F"), List.of("YES", "NO"),
            List.of("TRUE", "FALSE"), List.of("1", "0"), List.of("ON", "OFF"));

    private Suggestions() {
    }

    /**
     * A proposed field mapping.
     *
     * @param note what the data showed that the admin should know (other date formats seen, values no format reads), or
     *             null
     */
    public record Suggestion(String target, String expression, double confidence, String reason, String note) {
    }

    /**
     * A mapping of the organization that {@code lookup(…)} can name, and the table it loads.
     *
     * @param keyExpression the expression of its key field over its own source table
     */
    public record Loader(String mapping, String schema, String table, String keyExpression, MappingSpec.Source source) {
    }

    /**
     * What is known beyond the two catalogs.
     *
     * @param connectionId  the source table's connection, or null
     * @param samples       sampled values of the source's text columns, by column; none: names only
     * @param loaders       the organization's mappings that lookups can name
     * @param generatedKeys target tables ({@code schema.table}) whose row key the database fills
     * @param lookups       what {@code lookup(…)} may name, to check proposals with
     */
    public record Context(UUID connectionId, Map<String, List<String>> samples, List<Loader> loaders, Set<String> generatedKeys,
                          Lookups lookups) {

        public static final Context NONE = new Context(null, Map.of(), List.of(), Set.of(), Lookups.NONE);
    }

    public static List<Suggestion> suggest(TableInfo source, TargetCatalog.TargetTable target) {
        return suggest(source, target, Context.NONE);
    }

    public static List<Suggestion> suggest(TableInfo source, TargetCatalog.TargetTable target, Context context) {
        Map<String, Type> types = new HashMap<>();
        source.columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        Map<String, Suggestion> byField = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        Set<String> skipped = new HashSet<>();
        List<String> rowKey = target.rowKey();
        boolean keyFilled = !rowKey.isEmpty() && rowKey.stream().map(k -> field(target, k)).allMatch(f -> f != null && filled(f));

        // The source's key: into the target's own key field when the database fills the target's id.
        String sourceKey = source.primaryKey().size() == 1 ? source.primaryKey().get(0) : null;
        if (sourceKey != null && keyFilled) {
            TargetCatalog.TargetField reference = referenceField(target);
            if (reference != null) {
                TableInfo.ColumnInfo column = source.column(sourceKey);
                String value = Type.ofNormalized(reference.normalizedType()) == Type.STRING
                        && Type.ofNormalized(column.normalizedType()) != Type.STRING ? "to_text(" + quote(sourceKey) + ")" : quote(sourceKey);
                byField.put(reference.name(), new Suggestion(reference.name(), value, 0.8, "the source's primary key, kept in "
                        + reference.name() + " to identify the row: the target fills " + String.join(", ", rowKey) + " itself", null));
                used.add(sourceKey);
            }
        }

        // Foreign keys: a lookup of the mapping that loads the referenced table, never the raw legacy id.
        for (TableInfo.ForeignKey fk : target.foreignKeys()) {
            List<String> columns = fk.columns().stream().filter(c -> !c.equals(target.tenantColumn())).toList();
            if (columns.size() != 1 || byField.containsKey(columns.get(0))) {
                continue;
            }
            TargetCatalog.TargetField field = field(target, columns.get(0));
            if (field == null || field.generated()) {
                continue;
            }
            String referenced = fk.referencedSchema() + "." + fk.referencedTable();
            Loader loader = context.loaders().stream()
                    .filter(l -> (l.schema() + "." + l.table()).equals(referenced)).findFirst().orElse(null);
            if (loader == null) {
                if (context.generatedKeys().contains(referenced)) {
                    skipped.add(field.name());
                }
                continue;
            }
            TableInfo.ColumnInfo column = referencingColumn(source, field, loader, context, used);
            if (column == null) {
                skipped.add(field.name());
                continue;
            }
            String lookup = lookup(loader, column, types, context.lookups());
            if (lookup == null) {
                skipped.add(field.name());
                continue;
            }
            used.add(column.name());
            byField.put(field.name(), new Suggestion(field.name(), lookup, 0.75, field.name() + " references " + referenced
                    + ", which the mapping '" + loader.mapping() + "' loads: the platform's id of the row with that key", null));
        }

        for (TargetCatalog.TargetField field : target.fields()) {
            if (field.generated() || byField.containsKey(field.name()) || skipped.contains(field.name())
                    || rowKey.contains(field.name()) && filled(field)) {
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
                    score = nameScore(field.name(), column.name());
                    reason = "similar names";
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = column;
                    why = reason;
                }
            }
            if (best != null && bestScore >= 0.5) {
                Conversion conversion = conversion(best, field, context.samples().get(best.name()));
                if (compiles(conversion.expression(), types, context.lookups())) {
                    used.add(best.name());
                    byField.put(field.name(), new Suggestion(field.name(), conversion.expression(), Math.round(bestScore * 100) / 100.0,
                            conversion.reason() == null ? why : why + "; " + conversion.reason(), conversion.note()));
                }
            }
        }
        List<Suggestion> out = new ArrayList<>();
        for (TargetCatalog.TargetField f : target.fields()) {
            if (byField.containsKey(f.name())) {
                out.add(byField.get(f.name()));
            }
        }
        return out;
    }

    private static TargetCatalog.TargetField field(TargetCatalog.TargetTable target, String name) {
        return target.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** Filled by the database when a row leaves it out: an identity, a generated column or a default (a sequence). */
    private static boolean filled(TargetCatalog.TargetField f) {
        return f.generated() || f.hasDefault();
    }

    /** The single-field key of the target that holds the source system's key: by its name, else the only such key. */
    private static TargetCatalog.TargetField referenceField(TargetCatalog.TargetTable target) {
        List<TargetCatalog.TargetField> candidates = target.keys().stream().filter(k -> k.size() == 1)
                .map(k -> field(target, k.get(0))).filter(f -> f != null && !filled(f) && !target.rowKey().contains(f.name())).toList();
        return candidates.stream().filter(f -> tokens(f.name()).stream().anyMatch(REFERENCE_WORDS::contains)).findFirst()
                .orElse(candidates.size() == 1 && Type.ofNormalized(candidates.get(0).normalizedType()) == Type.STRING
                        ? candidates.get(0) : null);
    }

    /**
     * The source column holding the referenced row's legacy key: one whose own foreign key references the loader's
     * source table, else the one named most like the target field.
     */
    private static TableInfo.ColumnInfo referencingColumn(TableInfo source, TargetCatalog.TargetField field, Loader loader,
            Context context, Set<String> used) {
        for (TableInfo.ForeignKey fk : source.foreignKeys()) {
            if (fk.columns().size() == 1 && fk.referencedSchema().equals(loader.source().schema())
                    && fk.referencedTable().equals(loader.source().table())
                    && (context.connectionId() == null || context.connectionId().equals(loader.source().connectionId()))
                    && !used.contains(fk.columns().get(0))) {
                return source.column(fk.columns().get(0));
            }
        }
        TableInfo.ColumnInfo best = null;
        double bestScore = 0.5;
        for (TableInfo.ColumnInfo c : source.columns()) {
            double score = nameScore(field.name(), c.name());
            if (!used.contains(c.name()) && score >= bestScore && !source.primaryKey().equals(List.of(c.name()))) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * {@code lookup('loader', key)} where key is the loader's key expression with its source column replaced by
     * {@code column}, so that it yields the key the loader wrote; plain forms of the column where that does not compile.
     */
    private static String lookup(Loader loader, TableInfo.ColumnInfo column, Map<String, Type> types, Lookups lookups) {
        String name = "'" + loader.mapping().replace("'", "''") + "'";
        List<String> arguments = new ArrayList<>();
        if (loader.keyExpression() != null) {
            try {
                Set<String> read = Expression.referencedColumns(loader.keyExpression());
                if (read.size() == 1) {
                    arguments.add(renameColumn(loader.keyExpression(), read.iterator().next(), quote(column.name())));
                }
            } catch (ExpressionException e) {
                // not a key expression that parses: the plain forms below
            }
        }
        arguments.add(quote(column.name()));
        arguments.add("to_text(" + quote(column.name()) + ")");
        for (String argument : arguments) {
            String candidate = "lookup(" + name + ", " + argument + ")";
            if (compiles(candidate, types, lookups)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code text} with every reference to the column {@code from} (bare or quoted, never inside a literal) as {@code to}. */
    static String renameColumn(String text, String from, String to) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = i + 1;
                while (end < text.length()) {
                    if (text.charAt(end) == ch) {
                        if (end + 1 < text.length() && text.charAt(end + 1) == ch) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                String token = text.substring(i, Math.min(end + 1, text.length()));
                out.append(ch == '"' && token.length() >= 2 && token.substring(1, token.length() - 1).replace("\"\"", "\"").equals(from)
                        ? to : token);
                i = end + 1;
            } else if (Character.isLetter(ch) || ch == '_') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                String word = text.substring(i, end);
                int next = end;
                while (next < text.length() && text.charAt(next) == ' ') {
                    next++;
                }
                boolean call = next < text.length() && text.charAt(next) == '(';
                out.append(!call && word.equals(from) ? to : word);
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean compiles(String expression, Map<String, Type> types, Lookups lookups) {
        try {
            Expression.compile(expression, types, lookups);
            return true;
        } catch (ExpressionException e) {
            return false;
        }
    }

    private static double nameScore(String target, String source) {
        Set<String> targetTokens = tokens(target);
        Set<String> sourceTokens = tokens(source);
        double score = similarity(targetTokens, sourceTokens);
        if (!targetTokens.isEmpty() && sourceTokens.containsAll(targetTokens)) {
            score = Math.max(score, 0.6); // full_nm for name, email_addr for email
        }
        return score;
    }

    /** An expression with why it converts as it does and what the data showed. */
    record Conversion(String expression, String reason, String note) {
    }

    /** A conversion when the types differ; the column as it is otherwise. */
    static String expression(TableInfo.ColumnInfo column, TargetCatalog.TargetField field) {
        return conversion(column, field, null).expression();
    }

    /** Like {@link #expression}, chosen from {@code values} (sampled values of a text column) where there are some. */
    static Conversion conversion(TableInfo.ColumnInfo column, TargetCatalog.TargetField field, List<String> values) {
        String c = quote(column.name());
        Type from = Type.ofNormalized(column.normalizedType());
        Type to = Type.ofNormalized(field.normalizedType());
        List<String> sample = values == null ? List.of() : values.stream().filter(v -> v != null).toList();
        if (from == to) {
            if (from == Type.STRING && "STRING".equals(field.normalizedType())) {
                long padded = sample.stream().filter(v -> !v.equals(v.strip())).count();
                if (padded > 0) {
                    return new Conversion("trim(" + c + ")", padded + " of " + sample.size() + " sampled values have surrounding spaces",
                            null);
                }
                return new Conversion(column.name().endsWith("_nm") ? "trim(" + c + ")" : c, null, null);
            }
            return new Conversion(c, null, null);
        }
        if (from == Type.STRING) {
            return switch (to) {
                case DATE -> temporal("parse_date", c, DATE_FORMATS, sample, null);
                case TIMESTAMP -> temporal("parse_timestamp", c, TIMESTAMP_FORMATS, sample, null);
                case TIMESTAMPTZ -> temporal("parse_timestamp", c, TIMESTAMP_FORMATS, sample, "utc");
                case DECIMAL -> new Conversion("to_decimal(" + c + ", " + (field.precision() == null ? 38 : field.precision()) + ", "
                        + (field.scale() == null ? 2 : field.scale()) + ")", null, null);
                case INTEGER -> new Conversion("to_integer(" + c + ")", null, null);
                case BOOLEAN -> flag(c, sample);
                default -> new Conversion(c, null, null);
            };
        }
        if (from == Type.INTEGER && to == Type.BOOLEAN) {
            return new Conversion(c + " <> 0", null, null);
        }
        if (from == Type.TIMESTAMP && to == Type.TIMESTAMPTZ) {
            return new Conversion("utc(" + c + ")", null, null);
        }
        return new Conversion(c, null, null);
    }

    /**
     * {@code function(c, 'format', …)} with the format most sampled values match, then the other formats the remaining
     * values match, most first (tried in that order); a format that reads the same digits another way than one already
     * taken ({@code DD/MM/YYYY} after {@code MM/DD/YYYY}) is left out and named in the note, as are the values no format
     * matches. Blank values, when the sample has some, are read as null ({@code nullif(trim(c), '')}).
     */
    private static Conversion temporal(String function, String c, List<String> formats, List<String> sample, String wrap) {
        String chosen = formats.get(0);
        List<String> taken = new ArrayList<>();
        String reason = null;
        String note = null;
        boolean blanks = sample.stream().anyMatch(v -> v != null && v.isBlank());
        if (!sample.isEmpty()) {
            List<String> left = new ArrayList<>(sample.stream().filter(v -> v == null || !v.isBlank()).toList());
            List<String> seen = new ArrayList<>();
            List<String> ambiguous = new ArrayList<>();
            String first = null;
            while (!left.isEmpty()) {
                String best = null;
                List<String> bestMatched = List.of();
                for (String format : formats) {
                    Expression parse = Expression.compile(function + "(v, '" + format + "')", Map.of("v", Type.STRING));
                    List<String> matched = left.stream().filter(v -> parses(parse, v)).toList();
                    if (matched.size() > bestMatched.size()) {
                        best = format;
                        bestMatched = matched;
                    }
                }
                if (best == null) {
                    break;
                }
                if (first == null) {
                    first = best;
                    taken.add(best);
                    reason = bestMatched.size() + " of " + sample.size() + " sampled values read as " + best;
                } else if (taken.stream().anyMatch(sameDigitsOtherOrder(best))) {
                    ambiguous.add(best + " (" + bestMatched.size() + ")");
                } else if (taken.size() < 8) {
                    taken.add(best);
                    seen.add(best + " (" + bestMatched.size() + ")");
                }
                left.removeAll(bestMatched);
            }
            List<String> notes = new ArrayList<>();
            if (first != null) {
                chosen = first;
            }
            if (!seen.isEmpty()) {
                notes.add("other formats seen and tried after " + chosen + ": " + String.join(", ", seen));
            }
            if (!ambiguous.isEmpty()) {
                notes.add("values also read as " + String.join(", ", ambiguous) + ", which reads the same digits another way than "
                        + String.join(" or ", taken) + ": not tried, so those values are quarantined for review");
            }
            long blank = sample.stream().filter(v -> v != null && v.isBlank()).count();
            if (blank > 0) {
                notes.add(blank + " of " + sample.size() + " sampled values are blank, read as null");
            }
            if (!left.isEmpty()) {
                notes.add(left.size() + " of " + sample.size() + " sampled values match no known format, e.g. '"
                        + abbreviate(left.get(0)) + "'");
            }
            note = notes.isEmpty() ? null : String.join("; ", notes);
        }
        if (taken.isEmpty()) {
            taken.add(chosen);
        }
        String input = blanks ? "nullif(trim(" + c + "), '')" : c;
        String parse = function + "(" + input + ", '" + String.join("', '", taken) + "')";
        return new Conversion(wrap == null ? parse : wrap + "(" + parse + ")", reason, note);
    }

    /** Whether a format holds the same fields and separators as {@code other} in another order (MM/DD/YYYY, DD/MM/YYYY). */
    private static java.util.function.Predicate<String> sameDigitsOtherOrder(String other) {
        return format -> !format.equals(other) && fields(format).equals(fields(other))
                && format.replaceAll("[A-Z0-9]", "").equals(other.replaceAll("[A-Z0-9]", ""));
    }

    private static java.util.SortedSet<String> fields(String format) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("YYYY|MM|DD|HH24|MI|SS").matcher(format);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static boolean parses(Expression parse, String value) {
        try {
            return parse.evaluate(Map.of("v", value)) != null;
        } catch (ExpressionException e) {
            return false;
        }
    }

    /**
     * {@code to_boolean} where the sampled values are one pair of flags ({@code Y}/{@code N}, …): any other value is then
     * quarantined for review rather than read as null.
     */
    private static Conversion flag(String c, List<String> sample) {
        Set<String> distinct = sample.stream().map(String::strip).collect(Collectors.toCollection(LinkedHashSet::new));
        for (List<String> pair : FLAGS) {
            Set<String> upper = distinct.stream().map(v -> v.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
            if (!distinct.isEmpty() && pair.containsAll(upper)) {
                String yes = distinct.stream().filter(v -> v.equalsIgnoreCase(pair.get(0))).findFirst().orElse(pair.get(0));
                String no = distinct.stream().filter(v -> v.equalsIgnoreCase(pair.get(1))).findFirst().orElse(pair.get(1));
                return new Conversion("to_boolean(" + c + ")", "the sampled values are " + yes + " and " + no
                        + " (any other value is quarantined)", null);
            }
        }
        return new Conversion(c, null, null);
    }

    private static String abbreviate(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return v.replace("'", "''");
    }

    private static String quote(String column) {
        return column.matches("[a-z_][a-z0-9_]*") ? column : "\"" + column.replace("\"", "\"\"") + "\"";
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
