package com.platform.datamigration.mapping.expression;

import java.math.BigDecimal;
import java.util.List;

/** The syntax tree of a mapping expression. */
public sealed interface Expr permits Expr.Column, Expr.Literal, Expr.Call, Expr.Compare, Expr.Logical, Expr.Not, Expr.IsNull,
        Expr.ValueMap, Expr.Named {

    /** A source column, by its catalog name. */
    record Column(String name) implements Expr {
    }

    /** A string, number ({@link Long} or {@link BigDecimal}), boolean, or {@code null}. */
    record Literal(Object value) implements Expr {
    }

    /** A function call; see {@link Functions}. */
    record Call(String function, List<Expr> args) implements Expr {
    }

    /** {@code =, <>, <, <=, >, >=}. */
    record Compare(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code and}, {@code or}. */
    record Logical(String op, Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    record IsNull(Expr operand, boolean negated) implements Expr {
    }

    /** A named argument of a call, {@code mask(card, keep_last => 4)}; only valid directly inside a call's arguments. */
    record Named(String name, Expr value) implements Expr {
    }

    /** {@code map(x, 'F' -> 'female', 'M' -> 'male', else 'unknown')}: a null or unmatched input takes the else value. */
    record ValueMap(Expr input, List<Entry> entries, Expr otherwise) implements Expr {

        public record Entry(Literal from, Literal to) {
        }
    }
}
