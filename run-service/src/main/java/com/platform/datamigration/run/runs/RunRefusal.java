package com.platform.datamigration.run.runs;

/**
 * A request about runs that is refused, in the domain's words: what kind of refusal, a machine-readable code, and the
 * field at fault. The web edge turns it into Problem Details; nothing below it speaks HTTP.
 */
public final class RunRefusal extends RuntimeException {

    /** Why the request is refused. */
    public enum Kind {
        /** Nothing of that id in the caller's organization. */
        NOT_FOUND,
        /** The request itself is malformed. */
        INVALID,
        /** Well-formed, but names something that cannot be used (a missing mapping, a refused source). */
        UNPROCESSABLE,
        /** The state of the run or of what it names does not allow it now. */
        CONFLICT,
        /** A service the check needs does not answer. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final String field;
    private final String fieldMessage;

    private RunRefusal(Kind kind, String message, String code, String field, String fieldMessage) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
        this.fieldMessage = fieldMessage;
    }

    public static RunRefusal notFound(String resource, Object id) {
        return new RunRefusal(Kind.NOT_FOUND, "No " + resource + " with id " + id + ".", null, null, null);
    }

    public static RunRefusal invalid(String field, String fieldMessage) {
        return new RunRefusal(Kind.INVALID, fieldMessage, null, field, fieldMessage);
    }

    public static RunRefusal unprocessable(String code, String field, String message) {
        return new RunRefusal(Kind.UNPROCESSABLE, message, code, field, message);
    }

    public static RunRefusal conflict(String code, String message) {
        return new RunRefusal(Kind.CONFLICT, message, code, null, null);
    }

    /** A conflict naming the field at fault and what is wrong with it. */
    public static RunRefusal conflict(String code, String message, String field, String fieldMessage) {
        return new RunRefusal(Kind.CONFLICT, message, code, field, fieldMessage);
    }

    public static RunRefusal unavailable(String service) {
        return new RunRefusal(Kind.UNAVAILABLE, "The " + service + " is unavailable; try again shortly.", "SERVICE_UNAVAILABLE", null,
                null);
    }

    public Kind kind() {
        return kind;
    }

    /** The machine-readable code, or null. */
    public String code() {
        return code;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }

    /** What is wrong with the field, or null. */
    public String fieldMessage() {
        return fieldMessage;
    }
}
