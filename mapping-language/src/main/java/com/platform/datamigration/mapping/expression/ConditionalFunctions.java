package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.util.List;

/** Conditionals and nulls: values chosen by conditions or by which of them are null. */
final class ConditionalFunctions {

    private ConditionalFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("coalesce").category("conditionals").lazy()
                        .doc("coalesce(a, b, …)", "The first argument that is not null (1 to 32 of the same type); the ones after "
                                + "it are not computed.", "coalesce(null, 'Ada', 'unknown') → 'Ada'")
                        .nulls("null only when every argument is")
                        .check(a -> {
                            a.arity(1, 32);
                            Type common = a.types().stream().filter(t -> t != Type.NULL).findFirst().orElse(Type.NULL);
                            for (int i = 0; i < a.size(); i++) {
                                a.expect(i, common);
                            }
                            return common;
                        })
                        .evaluate(a -> {
                            for (int i = 0; i < a.size(); i++) {
                                if (a.get(i) != null) {
                                    return a.get(i);
                                }
                            }
                            return null;
                        })
                        .sql(a -> "coalesce(" + String.join(", ", a.args()) + ")")
                        .composedGuard(ConditionalFunctions::coalesceGuard)
                        .neverNull(args -> {
                            for (boolean b : args) {
                                if (b) {
                                    return true;
                                }
                            }
                            return false;
                        }));
    }

    /** Each argument's guard matters only when the ones before it were null (PostgreSQL's COALESCE stops at the first value). */
    private static String coalesceGuard(FunctionDef.SqlArgs a) {
        StringBuilder out = new StringBuilder("CASE");
        boolean any = false;
        for (int i = 0; i < a.size(); i++) {
            String g = a.guard(i);
            if (g != null) {
                out.append(" WHEN NOT ").append(g).append(" THEN FALSE");
                any = true;
            }
            if (i < a.size() - 1) {
                out.append(" WHEN ").append(a.arg(i)).append(" IS NOT NULL THEN TRUE");
            }
        }
        return any ? out.append(" ELSE TRUE END").toString() : null;
    }
}
