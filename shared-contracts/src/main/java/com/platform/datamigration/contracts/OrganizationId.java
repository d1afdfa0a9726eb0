package com.platform.datamigration.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Typed id of an organization as issued by the platform's identity provider; serialized as a plain string.
 *
 * <p>The one definition of a valid organization id, used wherever one enters the system (a token's claim, a service's
 * internal header, an event header): 1 to 128 characters of ASCII letters, digits, {@code -}, {@code _}, {@code .}
 * and {@code :}, starting with a letter or a digit. Ids travel in HTTP headers and Kafka headers, where anything else
 * (non-ASCII letters, control characters, NUL) is altered or refused on the way, and two ids that differ only there
 * would then act as one.
 */
public record OrganizationId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public OrganizationId {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "organization id must be 1..128 ASCII letters, digits, '-', '_', '.' or ':', starting with a letter or digit");
        }
    }

    /** Whether {@code value} is a valid organization id; never throws. */
    public static boolean isValid(Object value) {
        return value instanceof String s && VALID.matcher(s).matches();
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
