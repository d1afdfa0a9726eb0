package com.platform.datamigration.mapping.expression;

import java.util.Map;
import java.util.Optional;

/**
 * What {@code lookup('mapping', key)} may refer to, and how it is answered. A lookup translates a key value of
 * another mapping's target table into that row's primary key, so foreign keys survive the move: for example
 * {@code lookup('patients', concat('P-', patient_id))} gives the platform id of the patient whose key
 * ({@code external_ref}) is {@code 'P-' || patient_id}. A lookup runs against the target, so it is never pushed
 * down into the source's SQL.
 */
public interface Lookups {

    /** A mapping a lookup can name: its key field and primary key in its target table. */
    record Target(String schema, String table, String keyField, String keyType, String primaryKey, Type primaryKeyType) {
    }

    Optional<Target> target(String mappingName);

    /** Looks up a key; empty when no row has it. */
    Optional<Object> resolve(String mappingName, Object key);

    /** No lookups: any {@code lookup(…)} is invalid. */
    Lookups NONE = new Lookups() {
        @Override
        public Optional<Target> target(String mappingName) {
            return Optional.empty();
        }

        @Override
        public Optional<Object> resolve(String mappingName, Object key) {
            return Optional.empty();
        }
    };

    /** Targets known up front, resolved by {@code resolver}. */
    static Lookups of(Map<String, Target> targets, java.util.function.BiFunction<Target, Object, Optional<Object>> resolver) {
        return new Lookups() {
            @Override
            public Optional<Target> target(String mappingName) {
                return Optional.ofNullable(targets.get(mappingName));
            }

            @Override
            public Optional<Object> resolve(String mappingName, Object key) {
                return resolver.apply(targets.get(mappingName), key);
            }
        };
    }
}
