package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed and type-checked mapping expression over one source row. It evaluates in Java, and compiles to a
 * PostgreSQL expression with the same result, so a run can push it down into {@code COPY (SELECT …)}.
 */
public final class Expression {

    private final String text;
    private final Expr tree;
    private final Lookups lookups;
    private final Secrets secrets;
    private final Set<String> columns = new TreeSet<>();
    private boolean pushable = true;
    // Why the expression runs in Java only (a function without a SQL form), or null.
    private String javaOnly;
    private final Type type;
    private final Map<String, Type> columnTypes;
    // Each node's type, for the guards (which differ by argument type).
    private final Map<Expr, Type> typed = new java.util.IdentityHashMap<>();

    private Expression(String text, Expr tree, Map<String, Type> columnTypes, Lookups lookups, Secrets secrets) {
        this.text = text;
        this.tree = tree;
        this.lookups = lookups;
        this.secrets = secrets;
        this.columnTypes = columnTypes;
        this.type = check(tree, columnTypes);
    }

    /**
     * Parses and checks {@code text} against the source columns and their types.
     *
     * @throws ExpressionException {@code INVALID_EXPRESSION}, {@code INVALID_COLUMN}, {@code INVALID_FUNCTION},
     *                             {@code INVALID_ARGUMENTS} or {@code INVALID_TYPE}, with the position or function
     */
    public static Expression compile(String text, Map<String, Type> columnTypes) {
        return compile(text, columnTypes, Lookups.NONE);
    }

    /** Like {@link #compile(String, Map)}, where {@code lookup('mapping', key)} may name the mappings in {@code lookups}. */
    public static Expression compile(String text, Map<String, Type> columnTypes, Lookups lookups) {
        return compile(text, columnTypes, lookups, Secrets.NONE);
    }

    /** Like {@link #compile(String, Map, Lookups)}, where {@code hmac_sha256(x)} hashes with the key in {@code secrets}. */
    public static Expression compile(String text, Map<String, Type> columnTypes, Lookups lookups, Secrets secrets) {
        return new Expression(text, positional(Parser.parse(text)), columnTypes, lookups, secrets);
    }

    /**
     * The tree with every named argument put in its parameter's place ({@code mask(card, keep_last => 4)} becomes
     * {@code mask(card, 4)}); a parameter left out before one that is given is null.
     */
    private static Expr positional(Expr e) {
        if (e instanceof Expr.Named named) {
            throw new ExpressionException("INVALID_EXPRESSION", "a named argument (" + named.name() + " => …) belongs in a call's arguments");
        }
        if (e instanceof Expr.Call call) {
            List<Expr> args = new ArrayList<>();
            Map<String, Expr> named = new java.util.LinkedHashMap<>();
            for (Expr a : call.args()) {
                if (a instanceof Expr.Named n) {
                    if (named.put(n.name(), positional(n.value())) != null) {
                        throw new ExpressionException("INVALID_ARGUMENTS", call.function() + ": " + n.name() + " is given twice");
                    }
                } else {
                    args.add(positional(a));
                }
            }
            if (!named.isEmpty() && !"lookup".equals(call.function())) {
                // Named-only options rewrite the positional arguments (FunctionDef.option).
                FunctionDef def = Functions.get(call.function());
                for (String option : def.options.keySet()) {
                    if (named.containsKey(option)) {
                        args = new ArrayList<>(def.options.get(option).apply(args, named.remove(option)));
                    }
                }
            }
            if (!named.isEmpty()) {
                List<String> params = "lookup".equals(call.function()) ? List.of() : Functions.get(call.function()).params;
                List<String> known = new ArrayList<>(params);
                known.addAll("lookup".equals(call.function()) ? List.of() : Functions.get(call.function()).options.keySet());
                for (Map.Entry<String, Expr> n : named.entrySet()) {
                    int at = params.indexOf(n.getKey());
                    if (at < 0) {
                        throw new ExpressionException("INVALID_ARGUMENTS", call.function() + " has no parameter " + n.getKey()
                                + (known.isEmpty() ? "" : " (it has " + String.join(", ", known) + ")"));
                    }
                    if (at < args.size()) {
                        throw new ExpressionException("INVALID_ARGUMENTS", call.function() + ": " + n.getKey()
                                + " is already given by position");
                    }
                    while (args.size() <= at) {
                        args.add(null);
                    }
                    args.set(at, n.getValue());
                }
                args.replaceAll(a -> a == null ? new Expr.Literal(null) : a);
            }
            return new Expr.Call(call.function(), args);
        }
        if (e instanceof Expr.Compare cmp) {
            return new Expr.Compare(cmp.op(), positional(cmp.left()), positional(cmp.right()));
        }
        if (e instanceof Expr.Logical logical) {
            return new Expr.Logical(logical.op(), positional(logical.left()), positional(logical.right()));
        }
        if (e instanceof Expr.Not not) {
            return new Expr.Not(positional(not.operand()));
        }
        if (e instanceof Expr.IsNull isNull) {
            return new Expr.IsNull(positional(isNull.operand()), isNull.negated());
        }
        if (e instanceof Expr.ValueMap map) {
            return new Expr.ValueMap(positional(map.input()), map.entries(), map.otherwise() == null ? null : positional(map.otherwise()));
        }
        return e;
    }

    /** Whether the expression compiles to SQL over the source alone (a lookup reads the target). */
    public boolean pushable() {
        return pushable;
    }

    /**
     * Why the expression runs in Java only, when a function in it has no SQL form (it holds a secret the source's SQL
     * must not see, say); empty when it compiles, or when only a lookup keeps it from the source's SQL.
     */
    public java.util.Optional<String> javaOnly() {
        return java.util.Optional.ofNullable(javaOnly);
    }

    /** The columns an expression reads, from its syntax alone (no types needed). */
    public static Set<String> referencedColumns(String text) {
        Set<String> out = new TreeSet<>();
        collect(Parser.parse(text), out);
        return out;
    }

    /**
     * The mappings an expression looks up, from its syntax alone: the first argument of every {@code lookup(…)} call
     * that names one in quotes, however the call is spelled ({@code LOOKUP( 'patients', k)}).
     */
    public static Set<String> lookedUpMappings(String text) {
        Set<String> out = new TreeSet<>();
        walk(Parser.parse(text), e -> {
            if (e instanceof Expr.Call call && "lookup".equals(call.function()) && !call.args().isEmpty()
                    && call.args().get(0) instanceof Expr.Literal name && name.value() instanceof String n) {
                out.add(n);
            }
        });
        return out;
    }

    private static void collect(Expr e, Set<String> out) {
        walk(e, node -> {
            if (node instanceof Expr.Column c) {
                out.add(c.name());
            }
        });
    }

    /** Visits {@code e} and every expression inside it (a value map's entries are literals and are not visited). */
    private static void walk(Expr e, java.util.function.Consumer<Expr> visit) {
        visit.accept(e);
        if (e instanceof Expr.Call call) {
            call.args().forEach(a -> walk(a, visit));
        } else if (e instanceof Expr.Compare cmp) {
            walk(cmp.left(), visit);
            walk(cmp.right(), visit);
        } else if (e instanceof Expr.Logical logical) {
            walk(logical.left(), visit);
            walk(logical.right(), visit);
        } else if (e instanceof Expr.Not not) {
            walk(not.operand(), visit);
        } else if (e instanceof Expr.IsNull isNull) {
            walk(isNull.operand(), visit);
        } else if (e instanceof Expr.Named named) {
            walk(named.value(), visit);
        } else if (e instanceof Expr.ValueMap map) {
            walk(map.input(), visit);
            if (map.otherwise() != null) {
                walk(map.otherwise(), visit);
            }
        }
    }

    public String text() {
        return text;
    }

    public Type type() {
        return type;
    }

    /** The source columns the expression reads. */
    public Set<String> columns() {
        return Set.copyOf(columns);
    }

    /** The column's name when the whole expression is a bare column reference (the value copied unchanged). */
    public java.util.Optional<String> columnReference() {
        return tree instanceof Expr.Column c ? java.util.Optional.of(c.name()) : java.util.Optional.empty();
    }

    /**
     * The PostgreSQL type the compiled value already has and was checked against (a {@code to_decimal(x, 12, 2)} is a
     * {@code numeric(12,2)}, a {@code to_integer(s)} a {@code bigint}), so a target column of that type needs no check
     * of its own; empty when the expression does not fix it.
     */
    public java.util.Optional<String> sqlType() {
        if (tree instanceof Expr.Call call && !"lookup".equals(call.function())) {
            FunctionDef def = Functions.get(call.function());
            return def.sqlType == null ? java.util.Optional.empty() : java.util.Optional.of(def.sqlType.sql(sqlArgs(def, call, q -> q, false)));
        }
        return java.util.Optional.empty();
    }

    /** A whole expression {@code lookup('mapping', key)}: the mapping named and its key, an expression of its own. */
    public record LookupCall(String mapping, Expression key) {
    }

    /**
     * The lookup when the whole expression is one ({@code lookup('wards', ward_code)}), so its keys can be translated
     * for many rows at once by a join in the target; empty for any other expression.
     */
    public java.util.Optional<LookupCall> lookupCall() {
        if (tree instanceof Expr.Call call && "lookup".equals(call.function()) && call.args().size() == 2
                && call.args().get(0) instanceof Expr.Literal name && name.value() instanceof String n) {
            return java.util.Optional.of(new LookupCall(n, new Expression(text, call.args().get(1), columnTypes, lookups, secrets)));
        }
        return java.util.Optional.empty();
    }

    /** Evaluates over a row (column name → value as JDBC returns it). */
    public Object evaluate(Map<String, Object> row) {
        return eval(tree, row, lookups);
    }

    /** The PostgreSQL form; {@code quote} quotes a column name (from the catalog) as an identifier. */
    public String toSql(java.util.function.UnaryOperator<String> quote) {
        if (!pushable) {
            throw new ExpressionException("NOT_PUSHABLE", "a lookup reads the target and cannot run in the source's SQL");
        }
        return sql(tree, quote);
    }

    /**
     * The PostgreSQL form for rows its {@link #guardSql guard} holds for: the checks the guard has already made (a
     * date's shape, a number's characters) are left out, so they are not made twice. Wrong for any other row.
     */
    public String toGuardedSql(java.util.function.UnaryOperator<String> quote) {
        if (!pushable) {
            throw new ExpressionException("NOT_PUSHABLE", "a lookup reads the target and cannot run in the source's SQL");
        }
        return sql(tree, quote, true);
    }

    /**
     * A PostgreSQL condition, true for a row whose {@link #toSql} value can be computed without an error (an
     * unparseable date, a number that overflows, a negative substring length), that never raises an error itself;
     * null when the expression cannot fail. It errs on the safe side only: false may still be a row the Java
     * evaluation maps, true is never a row the compiled SQL refuses. A load pipes the rows it holds true and maps the
     * others in Java, which decides what they are.
     */
    public String guardSql(java.util.function.UnaryOperator<String> quote) {
        if (!pushable) {
            throw new ExpressionException("NOT_PUSHABLE", "a lookup reads the target and cannot run in the source's SQL");
        }
        return guard(tree, quote);
    }

    /**
     * Whether the value is never null, given the source columns that never are: a target column that takes no null
     * needs no check of its own for it.
     */
    public boolean neverNull(Set<String> notNullColumns) {
        return neverNull(tree, notNullColumns);
    }

    /**
     * A PostgreSQL condition, true when the value is not null, that computes as little of it as it can: a function
     * that is null exactly when one of its arguments is (trim, utc, a comparison, …) is not null when its arguments are
     * not; only what does not follow that rule is computed and tested.
     */
    public String notNullSql(java.util.function.UnaryOperator<String> quote) {
        return notNull(tree, quote);
    }

    private String notNull(Expr e, java.util.function.UnaryOperator<String> quote) {
        if (e instanceof Expr.Column c) {
            return quote.apply(c.name()) + " IS NOT NULL";
        }
        if (e instanceof Expr.Literal l) {
            return l.value() == null ? "FALSE" : "TRUE";
        }
        if (e instanceof Expr.Call call && !"lookup".equals(call.function()) && Functions.get(call.function()).strict
                && Functions.get(call.function()).neverNull(allTrue(call.args().size()))) {
            return "(" + call.args().stream().map(a -> notNull(a, quote)).collect(java.util.stream.Collectors.joining(" AND ")) + ")";
        }
        if (e instanceof Expr.Compare cmp) {
            return "(" + notNull(cmp.left(), quote) + " AND " + notNull(cmp.right(), quote) + ")";
        }
        return "(" + sql(e, quote) + ") IS NOT NULL";
    }

    private static boolean[] allTrue(int n) {
        boolean[] out = new boolean[n];
        java.util.Arrays.fill(out, true);
        return out;
    }

    private static boolean neverNull(Expr e, Set<String> notNull) {
        if (e instanceof Expr.Column c) {
            return notNull.contains(c.name());
        }
        if (e instanceof Expr.Literal l) {
            return l.value() != null;
        }
        if (e instanceof Expr.Call call) {
            if ("lookup".equals(call.function())) {
                return false;
            }
            boolean[] args = new boolean[call.args().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = neverNull(call.args().get(i), notNull);
            }
            return Functions.get(call.function()).neverNull(args);
        }
        if (e instanceof Expr.Compare cmp) {
            return neverNull(cmp.left(), notNull) && neverNull(cmp.right(), notNull);
        }
        if (e instanceof Expr.Logical logical) {
            return neverNull(logical.left(), notNull) && neverNull(logical.right(), notNull);
        }
        if (e instanceof Expr.Not not) {
            return neverNull(not.operand(), notNull);
        }
        if (e instanceof Expr.IsNull) {
            return true;
        }
        Expr.ValueMap map = (Expr.ValueMap) e;
        return map.otherwise() != null && neverNull(map.otherwise(), notNull)
                && map.entries().stream().allMatch(entry -> entry.to().value() != null);
    }

    private String guard(Expr e, java.util.function.UnaryOperator<String> quote) {
        if (e instanceof Expr.Column || e instanceof Expr.Literal) {
            return null;
        }
        if (e instanceof Expr.Call call) {
            FunctionDef def = Functions.get(call.function());
            if (def.composesGuards) {
                return def.guard.sql(sqlArgs(def, call, quote, false));
            }
            String inner = Functions.all(call.args().stream().map(a -> guard(a, quote)).toList());
            String own = def.guard == null ? null : def.guard.sql(sqlArgs(def, call, quote, false));
            if (own == null) {
                return inner;
            }
            // The function's own check reads its arguments' values, which are only safe to compute once theirs hold.
            return inner == null ? own : "CASE WHEN " + inner + " THEN " + own + " ELSE FALSE END";
        }
        if (e instanceof Expr.Compare cmp) {
            return Functions.all(java.util.Arrays.asList(guard(cmp.left(), quote), guard(cmp.right(), quote)));
        }
        if (e instanceof Expr.Logical logical) {
            return Functions.all(java.util.Arrays.asList(guard(logical.left(), quote), guard(logical.right(), quote)));
        }
        if (e instanceof Expr.Not not) {
            return guard(not.operand(), quote);
        }
        if (e instanceof Expr.IsNull isNull) {
            return guard(isNull.operand(), quote);
        }
        Expr.ValueMap map = (Expr.ValueMap) e;
        String input = guard(map.input(), quote);
        String otherwise = map.otherwise() == null ? null : guard(map.otherwise(), quote);
        if (otherwise == null) {
            return input;
        }
        // The else value is only computed when no entry matches.
        String keys = map.entries().stream().filter(entry -> entry.from().value() != null).map(entry -> literal(entry.from().value()))
                .collect(java.util.stream.Collectors.joining(", "));
        String matched = keys.isEmpty() ? otherwise : "CASE WHEN " + sql(map.input(), quote) + " IN (" + keys + ") THEN TRUE ELSE "
                + otherwise + " END";
        return input == null ? matched : "CASE WHEN " + input + " THEN " + matched + " ELSE FALSE END";
    }

    private Type check(Expr e, Map<String, Type> columnTypes) {
        Type t = checkNode(e, columnTypes);
        typed.put(e, t);
        return t;
    }

    private Type checkNode(Expr e, Map<String, Type> columnTypes) {
        if (e instanceof Expr.Column c) {
            Type t = columnTypes.get(c.name());
            if (t == null) {
                throw new ExpressionException("INVALID_COLUMN", "no source column " + c.name());
            }
            columns.add(c.name());
            return t;
        }
        if (e instanceof Expr.Literal l) {
            Object v = l.value();
            return v == null ? Type.NULL : v instanceof String ? Type.STRING : v instanceof Long ? Type.INTEGER
                    : v instanceof BigDecimal ? Type.DECIMAL : Type.BOOLEAN;
        }
        if (e instanceof Expr.Call call && "lookup".equals(call.function())) {
            if (call.args().size() != 2 || !(call.args().get(0) instanceof Expr.Literal name) || !(name.value() instanceof String n)) {
                throw new ExpressionException("INVALID_ARGUMENTS", "lookup takes a mapping name in quotes and a key: lookup('patients', key)");
            }
            Lookups.Target target = lookups.target(n).orElseThrow(() -> new ExpressionException("INVALID_LOOKUP",
                    "lookup refers to '" + n + "', which is not a mapping of this organization with a single-field key"));
            check(call.args().get(1), columnTypes);
            pushable = false;
            return target.primaryKeyType();
        }
        if (e instanceof Expr.Call call) {
            FunctionDef def = Functions.get(call.function());
            List<Type> args = new ArrayList<>();
            call.args().forEach(a -> args.add(check(a, columnTypes)));
            if (def.javaOnly != null) {
                pushable = false;
                javaOnly = javaOnly == null ? def.javaOnly : javaOnly;
            }
            return def.check.check(new FunctionDef.CheckArgs(call.function(), args, call.args(), secrets));
        }
        if (e instanceof Expr.Compare cmp) {
            Type left = check(cmp.left(), columnTypes);
            Type right = check(cmp.right(), columnTypes);
            if (!left.fits(right) && !right.fits(left)) {
                throw new ExpressionException("INVALID_TYPE", "cannot compare " + left + " with " + right);
            }
            if (left == Type.ARRAY || right == Type.ARRAY) {
                throw new ExpressionException("INVALID_TYPE", "arrays cannot be compared (compare an element, or array_join)");
            }
            return Type.BOOLEAN;
        }
        if (e instanceof Expr.Logical logical) {
            requireBoolean(check(logical.left(), columnTypes), logical.op());
            requireBoolean(check(logical.right(), columnTypes), logical.op());
            return Type.BOOLEAN;
        }
        if (e instanceof Expr.Not not) {
            requireBoolean(check(not.operand(), columnTypes), "not");
            return Type.BOOLEAN;
        }
        if (e instanceof Expr.IsNull isNull) {
            check(isNull.operand(), columnTypes);
            return Type.BOOLEAN;
        }
        Expr.ValueMap map = (Expr.ValueMap) e;
        Type input = check(map.input(), columnTypes);
        Type result = Type.NULL;
        for (Expr.ValueMap.Entry entry : map.entries()) {
            if (!check(entry.from(), columnTypes).fits(input)) {
                throw new ExpressionException("INVALID_TYPE", "map keys must be " + input);
            }
            Type to = check(entry.to(), columnTypes);
            result = result == Type.NULL ? to : result;
            if (!to.fits(result)) {
                throw new ExpressionException("INVALID_TYPE", "map values must all be " + result);
            }
        }
        if (map.otherwise() != null) {
            // The map's type is the first non-null one among its values and its else ('' -> null, else x).
            Type otherwise = check(map.otherwise(), columnTypes);
            result = result == Type.NULL ? otherwise : result;
            if (!otherwise.fits(result)) {
                throw new ExpressionException("INVALID_TYPE", "the map's else value must be " + result);
            }
        }
        return result;
    }

    private static void requireBoolean(Type t, String op) {
        if (t != Type.BOOLEAN && t != Type.NULL) {
            throw new ExpressionException("INVALID_TYPE", op + " needs BOOLEAN operands, not " + t);
        }
    }

    private Object eval(Expr e, Map<String, Object> row, Lookups lookups) {
        if (e instanceof Expr.Column c) {
            return normalize(row.get(c.name()));
        }
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e instanceof Expr.Call call && "lookup".equals(call.function())) {
            String mapping = (String) ((Expr.Literal) call.args().get(0)).value();
            Object key = eval(call.args().get(1), row, lookups);
            if (key == null) {
                return null;
            }
            return lookups.resolve(mapping, key).orElseThrow(() -> new ExpressionException("LOOKUP_NOT_FOUND",
                    "lookup('" + mapping + "'): no target row has this key yet"));
        }
        if (e instanceof Expr.Call call) {
            FunctionDef def = Functions.get(call.function());
            List<Expr> argExprs = call.args();
            FunctionDef.EvalArgs args = new FunctionDef.EvalArgs(call.function(), argExprs, i -> eval(argExprs.get(i), row, lookups), secrets,
                    typed.get(call));
            if (def.strict) {
                // Null in, null out: every argument is computed (as PostgreSQL computes a strict function's), then any null wins.
                boolean anyNull = false;
                for (int i = 0; i < argExprs.size(); i++) {
                    anyNull |= args.get(i) == null;
                }
                if (anyNull) {
                    return null;
                }
            }
            return def.evaluate.evaluate(args);
        }
        if (e instanceof Expr.Compare cmp) {
            Object left = eval(cmp.left(), row, lookups);
            Object right = eval(cmp.right(), row, lookups);
            if (left == null || right == null) {
                return null;
            }
            int c = compare(left, right);
            return switch (cmp.op()) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        if (e instanceof Expr.Logical logical) {
            Boolean left = (Boolean) eval(logical.left(), row, lookups);
            Boolean right = (Boolean) eval(logical.right(), row, lookups);
            boolean and = "and".equals(logical.op());
            if (and) {
                return Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right) ? Boolean.FALSE
                        : left == null || right == null ? null : Boolean.TRUE;
            }
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right) ? Boolean.TRUE
                    : left == null || right == null ? null : Boolean.FALSE;
        }
        if (e instanceof Expr.Not not) {
            Boolean v = (Boolean) eval(not.operand(), row, lookups);
            return v == null ? null : !v;
        }
        if (e instanceof Expr.IsNull isNull) {
            return (eval(isNull.operand(), row, lookups) == null) != isNull.negated();
        }
        Expr.ValueMap map = (Expr.ValueMap) e;
        Object input = eval(map.input(), row, lookups);
        if (input != null) {
            for (Expr.ValueMap.Entry entry : map.entries()) {
                if (entry.from().value() != null && compare(input, entry.from().value()) == 0) {
                    return entry.to().value();
                }
            }
        }
        return map.otherwise() == null ? null : eval(map.otherwise(), row, lookups);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if ((a instanceof Double || b instanceof Double) && a instanceof Number x && b instanceof Number y) {
            // As PostgreSQL compares double precision: NaN equals NaN and sorts above every number, -0 equals 0.
            double p = x.doubleValue();
            double q = y.doubleValue();
            return Double.isNaN(p) || Double.isNaN(q) ? Boolean.compare(Double.isNaN(p), Double.isNaN(q)) : p < q ? -1 : p > q ? 1 : 0;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        return ((Comparable) a).compareTo(b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                : BigDecimal.valueOf(n.longValue());
    }

    /** JDBC's integer and float flavours become Long and Double. */
    private static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    private String sql(Expr e, java.util.function.UnaryOperator<String> quote) {
        return sql(e, quote, false);
    }

    private String sql(Expr e, java.util.function.UnaryOperator<String> quote, boolean trusted) {
        if (e instanceof Expr.Column c) {
            return quote.apply(c.name());
        }
        if (e instanceof Expr.Literal l) {
            return literal(l.value());
        }
        if (e instanceof Expr.Call call) {
            FunctionDef def = Functions.get(call.function());
            FunctionDef.SqlArgs args = sqlArgs(def, call, quote, trusted);
            return trusted && def.trusted != null ? def.trusted.sql(args) : def.sql.sql(args);
        }
        if (e instanceof Expr.Compare cmp) {
            return "(" + sql(cmp.left(), quote, trusted) + " " + cmp.op() + " " + sql(cmp.right(), quote, trusted) + ")";
        }
        if (e instanceof Expr.Logical logical) {
            return "(" + sql(logical.left(), quote, trusted) + " " + logical.op().toUpperCase(java.util.Locale.ROOT) + " "
                    + sql(logical.right(), quote, trusted) + ")";
        }
        if (e instanceof Expr.Not not) {
            return "(NOT " + sql(not.operand(), quote, trusted) + ")";
        }
        if (e instanceof Expr.IsNull isNull) {
            return "(" + sql(isNull.operand(), quote, trusted) + (isNull.negated() ? " IS NOT NULL)" : " IS NULL)");
        }
        Expr.ValueMap map = (Expr.ValueMap) e;
        StringBuilder out = new StringBuilder("CASE ").append(sql(map.input(), quote, trusted));
        for (Expr.ValueMap.Entry entry : map.entries()) {
            out.append(" WHEN ").append(literal(entry.from().value())).append(" THEN ").append(literal(entry.to().value()));
        }
        if (map.otherwise() != null) {
            out.append(" ELSE ").append(sql(map.otherwise(), quote, trusted));
        }
        return out.append(" END").toString();
    }

    private FunctionDef.SqlArgs sqlArgs(FunctionDef def, Expr.Call call, java.util.function.UnaryOperator<String> quote, boolean trusted) {
        List<String> args = new ArrayList<>();
        call.args().forEach(a -> args.add(sql(a, quote, trusted)));
        return new FunctionDef.SqlArgs(def.name, args, call.args().stream().map(typed::get).toList(), call.args(),
                i -> guard(call.args().get(i), quote), i -> sql(call.args().get(i), quote, true));
    }

    private static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
