package com.platform.datamigration.mapping.expression;

import java.util.Optional;

/**
 * The secrets an expression may use without them ever being part of it: the organization's key for
 * {@code hmac_sha256(x)}. A function that uses one runs in Java only, so the key never reaches the source's SQL; it
 * does not appear in any message either (not in {@link #toString()}, not in an error).
 */
public interface Secrets {

    /** The organization's key for {@code hmac_sha256}; empty when none is configured. */
    Optional<byte[]> hmacKey();

    /** What the error of a mapping that uses {@code hmac_sha256} says when there is no key (which setting to make). */
    default String missingKey() {
        return "hmac_sha256 needs the organization's hashing key, and none is configured";
    }

    /** No secrets: an expression using {@code hmac_sha256} is refused ({@code HMAC_KEY_NOT_CONFIGURED}). */
    Secrets NONE = new Secrets() {
        @Override
        public Optional<byte[]> hmacKey() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Secrets.NONE";
        }
    };

    /** The organization's hashing key (copied; never printed). */
    static Secrets ofHmacKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("an hmac key must not be empty");
        }
        byte[] copy = key.clone();
        return new Secrets() {
            @Override
            public Optional<byte[]> hmacKey() {
                return Optional.of(copy.clone());
            }

            @Override
            public String toString() {
                return "Secrets(hmac key present)";
            }
        };
    }

    /** No key, for this reason (naming the setting that provides one). */
    static Secrets missing(String reason) {
        return new Secrets() {
            @Override
            public Optional<byte[]> hmacKey() {
                return Optional.empty();
            }

            @Override
            public String missingKey() {
                return reason;
            }

            @Override
            public String toString() {
                return "Secrets(no hmac key)";
            }
        };
    }
}
