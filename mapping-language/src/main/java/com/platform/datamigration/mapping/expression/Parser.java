package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the mapping expression language, lowest precedence first; every binary operator is left-associative:
 * <pre>
 * expr           := or
 * or             := and ('or' and)*
 * and            := not ('and' not)*
 * not            := 'not' not | comparison
 * comparison     := concat (('=' | '&lt;&gt;' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') concat | 'is' ['not'] 'null')*
 * concat         := additive ('||' additive)*
 * additive       := multiplicative (('+' | '-') multiplicative)*
 * multiplicative := unary (('*' | '/' | '%') unary)*
 * unary          := '-' number | '-' unary | '+' unary | postfix
 * postfix        := primary ('[' expr ']')*
 * primary        := 'string' | number | true | false | null | column | "quoted column" | call | map | case | '(' expr ')'
 * number         := digits ['.' digits]
 * call           := name '(' [argument (',' argument)*] ')'      positional arguments first, then named ones
 * argument       := expr | name '=&gt;' expr
 * map            := 'map' '(' expr (',' literal '-&gt;' literal)+ [',' 'else' expr] ')'
 * case           := 'case' ('when' expr 'then' expr)+ ['else' expr] 'end'
 *                 | 'case' expr ('when' expr 'then' expr)+ ['else' expr] 'end'
 * </pre>
 * Strings use single quotes ({@code ''} inside); keywords, function and argument names are case-insensitive. The
 * words {@code case}, {@code when}, {@code then}, {@code else} and {@code end} are keywords: a column of such a name is
 * written quoted ({@code "end"}). There is no way to write SQL, call anything outside {@link Functions} or reach
 * anything but the row's columns.
 * <p>
 * Operators become calls of reserved function names: {@code a || b} is {@code ||(a, b)}, likewise {@code +}, {@code -},
 * {@code *}, {@code /}, {@code %}; {@code -x} is {@code neg(x)}, but a minus before a number is part of the number
 * ({@code -1} is the literal -1); a unary plus is dropped. {@code x[i]} is {@code element(x, i)}. A case is
 * {@code case(c1, v1, c2, v2, …, else)}, always with an odd number of arguments, the last one the else value (a null
 * literal without else); in the form {@code case x when a then …} each condition is {@code x = a}. A named argument
 * is an {@link Expr.Named} in its call's arguments.
 */
public final class Parser {

    private static final int MAX_LENGTH = 4_000;
    /** How deeply parentheses, calls, cases, indexes and unary operators may nest. */
    private static final int MAX_DEPTH = 64;
    /**
     * How deep the syntax tree may get through chains of operators, which the parser reads without nesting but
     * whose trees the type check, evaluation and SQL compilation walk recursively. No expression the language had
     * before operators gets this deep within {@link #MAX_LENGTH} characters.
     */
    private static final int MAX_HEIGHT = 1_000;
    private static final Set<String> KEYWORDS = Set.of("case", "when", "then", "else", "end");

    private final String text;
    private final Map<Expr, Integer> heights = new IdentityHashMap<>();
    private int pos;
    private int depth;

    private Parser(String text) {
        this.text = text;
    }

    public static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException("INVALID_EXPRESSION", "the expression is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException("INVALID_EXPRESSION", "the expression is longer than " + MAX_LENGTH + " characters");
        }
        Parser p = new Parser(text);
        Expr e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (keyword("or")) {
            left = built(new Expr.Logical("or", left, and()));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (keyword("and")) {
            left = built(new Expr.Logical("and", left, not()));
        }
        return left;
    }

    private Expr not() {
        if (keyword("not")) {
            return built(new Expr.Not(not()));
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = concat();
        while (true) {
            skipSpace();
            if (text.startsWith("=>", pos)) {
                throw error("a named argument (name => value) goes directly in a call's arguments");
            }
            String op = comparisonOperator();
            if (op != null) {
                left = built(new Expr.Compare("!=".equals(op) ? "<>" : op, left, concat()));
            } else if (keyword("is")) {
                boolean negated = keyword("not");
                if (!keyword("null")) {
                    throw error("expected 'null' after 'is'");
                }
                left = built(new Expr.IsNull(left, negated));
            } else {
                return left;
            }
        }
    }

    private String comparisonOperator() {
        for (String op : new String[] {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private Expr concat() {
        Expr left = additive();
        while (true) {
            skipSpace();
            if (!text.startsWith("||", pos)) {
                return left;
            }
            pos += 2;
            left = operator("||", left, additive());
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                return left;
            }
            char c = text.charAt(pos);
            if (c != '+' && (c != '-' || text.startsWith("->", pos))) {
                return left;
            }
            pos++;
            left = operator(String.valueOf(c), left, multiplicative());
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            skipSpace();
            if (pos >= text.length() || "*/%".indexOf(text.charAt(pos)) < 0) {
                return left;
            }
            String op = String.valueOf(text.charAt(pos++));
            left = operator(op, left, unary());
        }
    }

    private Expr unary() {
        skipSpace();
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            boolean minus = text.charAt(pos) == '-';
            pos++;
            skipSpace();
            if (minus && pos < text.length() && Character.isDigit(text.charAt(pos))) {
                return postfix(new Expr.Literal(number(true)));
            }
            enter();
            try {
                Expr operand = unary();
                return minus ? built(new Expr.Call("neg", List.of(operand))) : operand;
            } finally {
                depth--;
            }
        }
        return postfix(primary());
    }

    private Expr postfix(Expr operand) {
        Expr result = operand;
        while (true) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '[') {
                return result;
            }
            pos++;
            enter();
            try {
                Expr index = or();
                expect(']');
                result = operator("element", result, index);
            } finally {
                depth--;
            }
        }
    }

    private Expr primary() {
        enter();
        try {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Expr inner = or();
                expect(')');
                return inner;
            }
            if (c == '\'') {
                return new Expr.Literal(string());
            }
            if (c == '"') {
                return new Expr.Column(quotedIdentifier());
            }
            if (Character.isDigit(c)) {
                return new Expr.Literal(number(false));
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                String word = identifier();
                String lower = word.toLowerCase(Locale.ROOT);
                if ("case".equals(lower)) {
                    return caseExpression();
                }
                if (KEYWORDS.contains(lower)) {
                    throw errorAt(start, "unexpected '" + word + "' (a column of that name is written quoted: \"" + word + "\")");
                }
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    pos++;
                    return "map".equals(lower) ? valueMap() : call(lower);
                }
                return switch (lower) {
                    case "true" -> new Expr.Literal(Boolean.TRUE);
                    case "false" -> new Expr.Literal(Boolean.FALSE);
                    case "null" -> new Expr.Literal(null);
                    default -> new Expr.Column(word);
                };
            }
            throw error("unexpected '" + c + "'");
        } finally {
            depth--;
        }
    }

    /** After {@code case}: {@code case(c1, v1, …, else)}; the simple form compares its operand to each when value. */
    private Expr caseExpression() {
        Expr operand = null;
        if (!keyword("when")) {
            operand = or();
            if (!keyword("when")) {
                throw error("expected 'when'");
            }
        }
        List<Expr> args = new ArrayList<>();
        do {
            Expr condition = or();
            args.add(operand == null ? condition : built(new Expr.Compare("=", operand, condition)));
            if (!keyword("then")) {
                throw error("expected 'then'");
            }
            args.add(or());
        } while (keyword("when"));
        args.add(keyword("else") ? or() : new Expr.Literal(null));
        if (!keyword("end")) {
            throw error("expected 'when', 'else' or 'end'");
        }
        return built(new Expr.Call("case", args));
    }

    private Expr call(String function) {
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            return new Expr.Call(function, args);
        }
        Set<String> names = new HashSet<>();
        do {
            skipSpace();
            int start = pos;
            String name = argumentName();
            if (name != null) {
                if (!names.add(name)) {
                    throw errorAt(start, "the argument '" + name + "' is given twice");
                }
                args.add(built(new Expr.Named(name, or())));
            } else if (!names.isEmpty()) {
                throw errorAt(start, "a positional argument after a named one");
            } else {
                args.add(or());
            }
        } while (comma());
        expect(')');
        return built(new Expr.Call(function, args));
    }

    /** A named argument's {@code name =>}, consumed and lower-cased, or null (and nothing consumed) if there is none. */
    private String argumentName() {
        int start = pos;
        skipSpace();
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            String name = identifier();
            skipSpace();
            if (text.startsWith("=>", pos)) {
                pos += 2;
                return name.toLowerCase(Locale.ROOT);
            }
        }
        pos = start;
        return null;
    }

    private void refuseNamed() {
        skipSpace();
        int start = pos;
        if (argumentName() != null) {
            throw errorAt(start, "map takes no named arguments");
        }
    }

    private Expr valueMap() {
        refuseNamed();
        Expr input = or();
        List<Expr.ValueMap.Entry> entries = new ArrayList<>();
        Expr otherwise = null;
        while (comma()) {
            refuseNamed();
            if (keyword("else")) {
                otherwise = or();
                break;
            }
            Expr from = unary();
            skipSpace();
            if (!text.startsWith("->", pos)) {
                throw error("expected '->' in map");
            }
            pos += 2;
            Expr to = unary();
            if (!(from instanceof Expr.Literal f) || !(to instanceof Expr.Literal t)) {
                throw error("map entries are literal -> literal");
            }
            entries.add(new Expr.ValueMap.Entry(f, t));
        }
        expect(')');
        if (entries.isEmpty()) {
            throw error("map needs at least one entry");
        }
        return built(new Expr.ValueMap(input, entries, otherwise));
    }

    private Expr operator(String function, Expr left, Expr right) {
        return built(new Expr.Call(function, List.of(left, right)));
    }

    /** Notes the height of a new node over its children and refuses a tree deeper than {@link #MAX_HEIGHT}. */
    private Expr built(Expr node) {
        int below = 0;
        if (node instanceof Expr.Call call) {
            for (Expr arg : call.args()) {
                below = Math.max(below, height(arg));
            }
        } else if (node instanceof Expr.Compare compare) {
            below = Math.max(height(compare.left()), height(compare.right()));
        } else if (node instanceof Expr.Logical logical) {
            below = Math.max(height(logical.left()), height(logical.right()));
        } else if (node instanceof Expr.Not not) {
            below = height(not.operand());
        } else if (node instanceof Expr.IsNull isNull) {
            below = height(isNull.operand());
        } else if (node instanceof Expr.Named named) {
            below = height(named.value());
        } else if (node instanceof Expr.ValueMap map) {
            below = Math.max(Math.max(height(map.input()), map.otherwise() == null ? 0 : height(map.otherwise())), 1);
        }
        if (below + 1 > MAX_HEIGHT) {
            throw error("the expression nests too deeply");
        }
        heights.put(node, below + 1);
        return node;
    }

    private int height(Expr e) {
        return heights.getOrDefault(e, 1);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("the expression nests too deeply");
        }
    }

    private boolean comma() {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
            pos = end;
            return true;
        }
        return false;
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '$')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quotedIdentifier() {
        return delimited('"');
    }

    private String string() {
        return delimited('\'');
    }

    private String delimited(char quote) {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    out.append(quote);
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        throw error("unterminated " + (quote == '"' ? "quoted name" : "string"));
    }

    /** Digits with an optional fraction, at {@code pos}; negated when a unary minus stood before it. */
    private Object number(boolean negative) {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String n = (negative ? "-" : "") + text.substring(start, pos);
        try {
            return n.contains(".") ? new BigDecimal(n) : (Object) Long.valueOf(n);
        } catch (NumberFormatException e) {
            throw error("'" + n + "' is not a number");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ExpressionException error(String what) {
        return errorAt(pos, what);
    }

    private ExpressionException errorAt(int at, String what) {
        return new ExpressionException("INVALID_EXPRESSION", what + " at position " + (at + 1));
    }
}
