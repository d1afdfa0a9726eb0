package com.platform.datamigration.mapping.expression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * One function of the language in one place: its documentation, its type rule, its Java evaluation and its PostgreSQL
 * forms (the plain one, the one for rows its guard holds for, and the guard itself), which must agree value for value (a
 * property test checks every function on a real PostgreSQL). Built with {@link #function(String)}; the families of
 * functions ({@link TextFunctions}, {@link TimeFunctions}, …) each list theirs, and {@link Functions} holds them all.
 */
final class FunctionDef {

    /** The type of a call, from its arguments' types and syntax; throws {@link ExpressionException} when they do not fit. */
    interface Checker {
        Type check(CheckArgs args);
    }

    /** The value of a call in Java. */
    interface Evaluator {
        Object evaluate(EvalArgs args);
    }

    /** A PostgreSQL form of a call, from its arguments' forms. */
    interface Compiler {
        String sql(SqlArgs args);
    }

    final String name;
    String signature;
    String summary;
    String nulls;
    String example;
    String category = "other";
    List<String> params = List.of();
    java.util.Map<String, java.util.function.BiFunction<List<Expr>, Expr, List<Expr>>> options = new java.util.LinkedHashMap<>();
    boolean strict = true;
    boolean composesGuards;
    Checker check;
    Evaluator evaluate;
    Compiler sql;
    Compiler trusted;
    Compiler guard;
    Compiler sqlType;
    String javaOnly;
    Predicate<boolean[]> neverNull;

    private FunctionDef(String name) {
        this.name = name;
    }

    static FunctionDef function(String name) {
        return new FunctionDef(name);
    }

    /** How the reference shows a call ({@code substring(s, start, length)}), what it does and an example. */
    FunctionDef doc(String signature, String summary, String example) {
        this.signature = signature;
        this.summary = summary;
        this.example = example;
        return this;
    }

    /** What the function does with nulls, in words; strict functions default to "null in, null out". */
    FunctionDef nulls(String nulls) {
        this.nulls = nulls;
        return this;
    }

    FunctionDef category(String category) {
        this.category = category;
        return this;
    }

    /** The parameters' names, in order, so a call may pass them by name ({@code mask(card, keep_last => 4)}). */
    FunctionDef params(String... names) {
        this.params = List.of(names);
        return this;
    }

    /**
     * A named-only option, given after every positional argument ({@code parse_date(s, f1, f2, zero => null)}) of a
     * function whose positional arguments vary in number: it takes no place among them, but rewrites them (the call's
     * positional arguments and the option's value in, the arguments the call is checked and compiled with out).
     */
    FunctionDef option(String name, java.util.function.BiFunction<List<Expr>, Expr, List<Expr>> rewrite) {
        this.options.put(name, rewrite);
        return this;
    }

    /**
     * Not null-in-null-out: the evaluation gets its arguments lazily (computed when it asks for them, as SQL's CASE and
     * COALESCE do) and any null among them.
     */
    FunctionDef lazy() {
        this.strict = false;
        return this;
    }

    FunctionDef check(Checker check) {
        this.check = check;
        return this;
    }

    FunctionDef evaluate(Evaluator evaluate) {
        this.evaluate = evaluate;
        return this;
    }

    FunctionDef sql(Compiler sql) {
        this.sql = sql;
        return this;
    }

    /** The form for rows the guard holds for: the checks the guard made are left out. The plain form by default. */
    FunctionDef trusted(Compiler trusted) {
        this.trusted = trusted;
        return this;
    }

    /**
     * A condition, true exactly when the plain form computes without an error given that the arguments do, that never
     * raises an error itself. None (null) for a function that cannot fail.
     */
    FunctionDef guard(Compiler guard) {
        this.guard = guard;
        return this;
    }

    /**
     * A guard that already accounts for its arguments' own guards ({@link SqlArgs#guard(int)}), for functions that
     * compute only some of their arguments (a conditional, a coalesce, a try).
     */
    FunctionDef composedGuard(Compiler guard) {
        this.guard = guard;
        this.composesGuards = true;
        return this;
    }

    /** The PostgreSQL type the plain form's value has and was checked against (a cast it makes), or null. */
    FunctionDef sqlType(Compiler sqlType) {
        this.sqlType = sqlType;
        return this;
    }

    /** The function runs in Java only, for this reason (a mapping with it is decoded). */
    FunctionDef javaOnly(String reason) {
        this.javaOnly = reason;
        return this;
    }

    /** Whether the value is never null, given which arguments never are; by default when none of them is. */
    FunctionDef neverNull(Predicate<boolean[]> neverNull) {
        this.neverNull = neverNull;
        return this;
    }

    boolean neverNull(boolean[] args) {
        if (neverNull != null) {
            return neverNull.test(args);
        }
        for (boolean a : args) {
            if (!a) {
                return false;
            }
        }
        return strict;
    }

    String nullRule() {
        return nulls != null ? nulls : strict ? "null in, null out" : "";
    }

    FunctionDef validate() {
        if (signature == null || summary == null || example == null || check == null || evaluate == null
                || (sql == null && javaOnly == null)) {
            throw new IllegalStateException("function " + name + " is not fully defined");
        }
        return this;
    }

    /** What a checker sees of a call: its arguments' types and syntax. */
    static final class CheckArgs {
        private final String function;
        private final List<Type> types;
        private final List<Expr> raw;
        private final Secrets secrets;

        CheckArgs(String function, List<Type> types, List<Expr> raw) {
            this(function, types, raw, Secrets.NONE);
        }

        CheckArgs(String function, List<Type> types, List<Expr> raw, Secrets secrets) {
            this.function = function;
            this.types = types;
            this.raw = raw;
            this.secrets = secrets;
        }

        /** The secrets the expression is compiled with (whether a key exists, say). */
        Secrets secrets() {
            return secrets;
        }

        int size() {
            return types.size();
        }

        Type type(int i) {
            return types.get(i);
        }

        List<Type> types() {
            return types;
        }

        Expr raw(int i) {
            return raw.get(i);
        }

        void arity(int min, int max) {
            if (types.size() < min || types.size() > max) {
                throw invalid(function + " takes " + (min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? "at least " + min
                        : min + " to " + max) + " arguments");
            }
        }

        /** Argument {@code i} is of type {@code expected} (or null, or a number where a number is expected). */
        void expect(int i, Type expected) {
            Type actual = types.get(i);
            if (!actual.fits(expected) && actual != Type.OTHER) {
                throw new ExpressionException("INVALID_TYPE", function + " expects " + expected + " but got " + actual
                        + " as argument " + (i + 1));
            }
        }

        /** Argument {@code i} is one of {@code allowed} (or null). */
        Type expectOneOf(int i, Type... allowed) {
            Type actual = types.get(i);
            if (actual == Type.NULL || actual == Type.OTHER || Arrays.asList(allowed).contains(actual)) {
                return actual;
            }
            throw new ExpressionException("INVALID_TYPE", function + " takes " + names(allowed) + " as argument " + (i + 1)
                    + ", not " + actual.name().toLowerCase(Locale.ROOT));
        }

        String literalString(int i) {
            return Functions.literalString(function, raw.get(i));
        }

        long literalLong(int i) {
            return Functions.literalLong(function, raw.get(i));
        }

        ExpressionException invalid(String message) {
            return new ExpressionException("INVALID_ARGUMENTS", message);
        }

        private static String names(Type... types) {
            List<String> out = new ArrayList<>();
            for (Type t : types) {
                out.add(t.name().toLowerCase(Locale.ROOT));
            }
            return out.size() == 1 ? out.get(0) : String.join(", ", out.subList(0, out.size() - 1)) + " or " + out.get(out.size() - 1);
        }
    }

    /** What an evaluation sees of a call: its arguments' values, computed when first asked for. */
    static final class EvalArgs {
        private static final Object UNSET = new Object();
        private final String function;
        private final List<Expr> raw;
        private final IntFunction<Object> compute;
        private final Object[] values;
        private final Secrets secrets;

        private final Type type;

        EvalArgs(String function, List<Expr> raw, IntFunction<Object> compute) {
            this(function, raw, compute, Secrets.NONE);
        }

        EvalArgs(String function, List<Expr> raw, IntFunction<Object> compute, Secrets secrets) {
            this(function, raw, compute, secrets, null);
        }

        EvalArgs(String function, List<Expr> raw, IntFunction<Object> compute, Secrets secrets, Type type) {
            this.type = type;
            this.function = function;
            this.raw = raw;
            this.compute = compute;
            this.values = new Object[raw.size()];
            Arrays.fill(values, UNSET);
            this.secrets = secrets;
        }

        /** The secrets the expression was compiled with (the organization's hashing key, say). */
        Secrets secrets() {
            return secrets;
        }

        int size() {
            return values.length;
        }

        /** The call's type, as checked (null when not known). */
        Type type() {
            return type;
        }

        Object get(int i) {
            if (values[i] == UNSET) {
                values[i] = compute.apply(i);
            }
            return values[i];
        }

        String string(int i) {
            return (String) get(i);
        }

        Long integer(int i) {
            return (Long) get(i);
        }

        Expr raw(int i) {
            return raw.get(i);
        }

        String literalString(int i) {
            return Functions.literalString(function, raw.get(i));
        }

        long literalLong(int i) {
            return Functions.literalLong(function, raw.get(i));
        }
    }

    /** What a compiler sees of a call: its arguments' SQL forms and types, their guards and trusted forms. */
    static final class SqlArgs {
        private final String function;
        private final List<String> sql;
        private final List<Type> types;
        private final List<Expr> raw;
        private final IntFunction<String> guards;
        private final IntFunction<String> trusted;

        SqlArgs(String function, List<String> sql, List<Type> types, List<Expr> raw, IntFunction<String> guards, IntFunction<String> trusted) {
            this.function = function;
            this.sql = sql;
            this.types = types;
            this.raw = raw;
            this.guards = guards;
            this.trusted = trusted;
        }

        int size() {
            return sql.size();
        }

        String arg(int i) {
            return sql.get(i);
        }

        List<String> args() {
            return sql;
        }

        Type type(int i) {
            return types.get(i);
        }

        Expr raw(int i) {
            return raw.get(i);
        }

        /** Argument {@code i}'s guard: null when it cannot fail. */
        String guard(int i) {
            return guards.apply(i);
        }

        /** Argument {@code i}'s form for rows its guard holds for. */
        String trusted(int i) {
            return trusted.apply(i);
        }

        String literalString(int i) {
            return Functions.literalString(function, raw.get(i));
        }

        long literalLong(int i) {
            return Functions.literalLong(function, raw.get(i));
        }
    }
}
