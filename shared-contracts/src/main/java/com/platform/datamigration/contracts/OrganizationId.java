package com.platform.datamigration.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Typed id of an organization as issued by the platform's identity provider; serialized as a plain string.
 * Must not be blank and is at most 128 characters.
 */
public record OrganizationId(String value) {

    public OrganizationId {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("organization id must be 1..128 characters");
        }
    }

    @JsonCreator
    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
