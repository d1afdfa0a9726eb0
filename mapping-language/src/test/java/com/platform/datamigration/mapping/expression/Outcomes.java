package com.platform.datamigration.mapping.expression;

/** How the language's tests name what happened. */
final class Outcomes {

    private Outcomes() {
    }

    /** The code of the {@link ExpressionException} {@code r} throws, or "no error". */
    static String code(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (ExpressionException e) {
            return e.code();
        }
    }
}
