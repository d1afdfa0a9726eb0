package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the mapping expression language:
 * <pre>
 * expr       := or
 * or         := and ('or' and)*
 * and        := not ('and' not)*
 * not        := 'not' not | comparison
 * comparison := primary (('=' | '&lt;&gt;' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') primary | 'is' ['not'] 'null')?
 * primary    := 'string' | number | true | false | null | column | "quoted column" | call | map | '(' expr ')'
 * call       := name '(' [expr (',' expr)*] ')'
 * map        := 'map' '(' expr (',' literal '-&gt;' literal)+ [',' 'else' expr] ')'
 * </pre>
 * Strings use single quotes ({@code ''} inside); keywords and function names are case-insensitive. There is no
 * way to write SQL, call anything outside {@link Functions} or reach anything but the row's columns.
 */
public final class Parser {

    private static final int MAX_LENGTH = 4_000;
    private static final int MAX_DEPTH = 64;

    private final String text;
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
            left = new Expr.Logical("or", left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (keyword("and")) {
            left = new Expr.Logical("and", left, not());
        }
        return left;
    }

    private Expr not() {
        if (keyword("not")) {
            return new Expr.Not(not());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = primary();
        skipSpace();
        for (String op : new String[] {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return new Expr.Compare("!=".equals(op) ? "<>" : op, left, primary());
            }
        }
        if (keyword("is")) {
            boolean negated = keyword("not");
            if (!keyword("null")) {
                throw error("expected 'null' after 'is'");
            }
            return new Expr.IsNull(left, negated);
        }
        return left;
    }

    private Expr primary() {
        if (++depth > MAX_DEPTH) {
            throw error("the expression nests too deeply");
        }
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
            if (Character.isDigit(c) || c == '-' || c == '+') {
                return new Expr.Literal(number());
            }
            if (Character.isLetter(c) || c == '_') {
                String word = identifier();
                String lower = word.toLowerCase(Locale.ROOT);
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

    private Expr call(String function) {
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
            return new Expr.Call(function, args);
        }
        do {
            args.add(or());
        } while (comma());
        expect(')');
        return new Expr.Call(function, args);
    }

    private Expr valueMap() {
        Expr input = or();
        List<Expr.ValueMap.Entry> entries = new ArrayList<>();
        Expr otherwise = null;
        while (comma()) {
            if (keyword("else")) {
                otherwise = or();
                break;
            }
            Expr from = primary();
            skipSpace();
            if (!text.startsWith("->", pos)) {
                throw error("expected '->' in map");
            }
            pos += 2;
            Expr to = primary();
            if (!(from instanceof Expr.Literal f) || !(to instanceof Expr.Literal t)) {
                throw error("map entries are literal -> literal");
            }
            entries.add(new Expr.ValueMap.Entry(f, t));
        }
        expect(')');
        if (entries.isEmpty()) {
            throw error("map needs at least one entry");
        }
        return new Expr.ValueMap(input, entries, otherwise);
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

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String n = text.substring(start, pos);
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
        return new ExpressionException("INVALID_EXPRESSION", what + " at position " + (pos + 1));
    }
}
