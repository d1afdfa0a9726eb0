package com.platform.datamigration.support.events;

/** A record that can never be processed: missing headers, unknown type, or a value that is not the promised JSON. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
