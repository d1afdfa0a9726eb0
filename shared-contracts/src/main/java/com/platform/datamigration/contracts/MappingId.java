package com.platform.datamigration.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Typed id of a mapping; serialized as its UUID string. */
public record MappingId(UUID value) {

    public MappingId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static MappingId of(String value) {
        return new MappingId(UUID.fromString(value));
    }

    public static MappingId random() {
        return new MappingId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
