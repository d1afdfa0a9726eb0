package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrays of text (PostgreSQL's {@code text[]}): text split into its parts, parts joined, one part, how many. A
 * MariaDB or MySQL {@code SET} column is read as its text ({@code 'a,b,c'}): {@code split(set_col, ',')} is its
 * members as an array.
 */
final class ArrayFunctions {

    private ArrayFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("split").category("arrays")
                        .doc("split(s, delimiter)", "The parts of `s` between the literal `delimiter`s, as PostgreSQL's "
                                + "string_to_array: empty parts kept (`'a,,b'` has three), an empty `s` is an empty array, an empty "
                                + "delimiter gives `s` whole. A SET column's members: `split(set_col, ',')`.",
                                "array_length(split('a,b,,c', ',')) → 4")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.STRING);
                            a.literalString(1);
                            return Type.ARRAY;
                        })
                        .evaluate(a -> split(a.string(0), a.literalString(1)))
                        .sql(a -> "string_to_array(" + a.arg(0) + ", " + a.arg(1) + ")"),
                function("array_join").category("arrays")
                        .doc("array_join(array, delimiter)", "The elements one after another with `delimiter` between them, null "
                                + "elements left out (PostgreSQL's array_to_string).", "array_join(split('a b c', ' '), '-') → 'a-b-c'")
                        .check(a -> {
                            a.arity(2, 2);
                            a.expect(0, Type.ARRAY);
                            a.expect(1, Type.STRING);
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            StringBuilder out = new StringBuilder();
                            boolean first = true;
                            for (Object e : (List<?>) a.get(0)) {
                                if (e != null) {
                                    out.append(first ? "" : a.string(1)).append(e);
                                    first = false;
                                }
                            }
                            return out.toString();
                        })
                        .sql(a -> "array_to_string(" + a.arg(0) + ", " + a.arg(1) + ")"),
                function("element").category("arrays")
                        .doc("array[i], or element(array, i)", "The `i`-th element, counting from 1 as PostgreSQL does; null when there is none.",
                                "split('a,b,c', ',')[2] → 'b'")
                        .nulls("null in, null out; null when `i` is out of range")
                        .check(a -> {
                            a.arity(2, 2);
                            if (a.type(0) != Type.ARRAY && a.type(0) != Type.NULL && a.type(0) != Type.OTHER) {
                                throw new ExpressionException("INVALID_TYPE", "only an array can be indexed ([i]), not "
                                        + a.type(0).name().toLowerCase(java.util.Locale.ROOT));
                            }
                            a.expect(1, Type.INTEGER);
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            List<?> array = (List<?>) a.get(0);
                            long i = a.integer(1);
                            return i < 1 || i > array.size() ? null : array.get((int) (i - 1));
                        })
                        .sql(a -> "(" + a.arg(0) + ")[" + (a.raw(1) instanceof Expr.Literal l && l.value() instanceof Long n
                                && n > Integer.MIN_VALUE && n < Integer.MAX_VALUE ? a.arg(1) : "CAST(LEAST(GREATEST(" + a.arg(1) + ", 0), 2147483647) AS int)") + "]")
                        .neverNull(args -> false),
                function("array_length").category("arrays")
                        .doc("array_length(array)", "How many elements the array has (nulls counted; 0 for an empty one).",
                                "array_length(split('', ',')) → 0")
                        .check(a -> {
                            a.arity(1, 1);
                            a.expect(0, Type.ARRAY);
                            return Type.INTEGER;
                        })
                        .evaluate(a -> (long) ((List<?>) a.get(0)).size())
                        .sql(a -> "CAST(cardinality(" + a.arg(0) + ") AS bigint)"));
    }

    /** PostgreSQL's string_to_array(s, delimiter) with a non-null delimiter. */
    static List<String> split(String s, String delimiter) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        if (delimiter.isEmpty()) {
            out.add(s);
            return out;
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(delimiter, from);
            if (at < 0) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, at));
            from = at + delimiter.length();
        }
    }
}
