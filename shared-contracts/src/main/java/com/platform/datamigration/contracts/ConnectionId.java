package com.platform.datamigration.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Typed id of a connection; serialized as its UUID string. */
public record ConnectionId(UUID value) {

    public ConnectionId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static ConnectionId of(String value) {
        return new ConnectionId(UUID.fromString(value));
    }

    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
