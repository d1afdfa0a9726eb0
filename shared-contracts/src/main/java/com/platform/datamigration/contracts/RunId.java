package com.platform.datamigration.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Typed id of a run; serialized as its UUID string. */
public record RunId(UUID value) {

    public RunId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static RunId of(String value) {
        return new RunId(UUID.fromString(value));
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
