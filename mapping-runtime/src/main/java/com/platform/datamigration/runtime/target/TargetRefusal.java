package com.platform.datamigration.runtime.target;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/**
 * Why the target refused a row, from the SQL state of its error. A preview and a run name a refusal alike, so what a
 * preview reports is what a run quarantines.
 */
public enum TargetRefusal {
    NOT_NULL_VIOLATION, UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION, CHECK_VIOLATION, TARGET_REFUSED;

    /**
     * One refusal: its code, the column and constraint the server named (null when it named none), and a reason that
     * names only those, never the values of the row or of any other row.
     */
    public record Refused(TargetRefusal code, String sqlState, String column, String constraint) {

        public String reason() {
            return switch (code) {
                case NOT_NULL_VIOLATION -> "The target field " + column + " may not be null.";
                case UNIQUE_VIOLATION -> "Another row has the same value for the unique constraint " + constraint + ".";
                case FOREIGN_KEY_VIOLATION -> "A referenced row does not exist (" + constraint + ").";
                case CHECK_VIOLATION -> "The check " + constraint + " fails.";
                case TARGET_REFUSED -> "The target refused the row (SQL state " + sqlState + ").";
            };
        }
    }

    /** The refusal an error stands for. */
    public static Refused of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        var server = e instanceof PSQLException pe ? pe.getServerErrorMessage() : null;
        String column = server == null ? null : server.getColumn();
        String constraint = server == null ? null : server.getConstraint();
        TargetRefusal code = switch (state) {
            case "23502" -> NOT_NULL_VIOLATION;
            case "23505" -> UNIQUE_VIOLATION;
            case "23503" -> FOREIGN_KEY_VIOLATION;
            case "23514" -> CHECK_VIOLATION;
            default -> TARGET_REFUSED;
        };
        return new Refused(code, state, column, constraint);
    }

    /**
     * Whether an error is the row's fault rather than the infrastructure's: a data or constraint error (SQL state classes
     * 22 and 23), or more than one row for one key (21000).
     */
    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("21000"));
    }

    /** Whether an error is a unique violation: a chunk written by COPY then has to be merged instead. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
