package com.platform.datamigration.run.ledger;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of a source table one chunk reads: the whole table, a range of its key (bounds in key order, each a
 * tuple of the key's values as text), or a range of physical positions of a table without a key (pages, PostgreSQL).
 * A null bound is open. Stored in the ledger as {@code range_kind} with the bounds as JSON arrays of text.
 */
public sealed interface KeyRange {

    /** Every row. */
    KeyRange WHOLE = new Whole();

    /** The kind as the ledger stores it. */
    String kind();

    /** The lower bound's values as stored, or null. */
    List<String> lowerValues();

    /** The upper bound's values as stored, or null. */
    List<String> upperValues();

    record Whole() implements KeyRange {
        @Override
        public String kind() {
            return "WHOLE";
        }

        @Override
        public List<String> lowerValues() {
            return null;
        }

        @Override
        public List<String> upperValues() {
            return null;
        }
    }

    /** {@code key >= lower AND key < upper}, compared as the key's own types (and collation) order them. */
    record KeyBounds(List<String> lower, List<String> upper) implements KeyRange {
        public KeyBounds {
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("a key range has at least one bound; use WHOLE");
            }
            if (lower != null && upper != null && lower.size() != upper.size()) {
                throw new IllegalArgumentException("bounds of different widths");
            }
            lower = lower == null ? null : List.copyOf(lower);
            upper = upper == null ? null : List.copyOf(upper);
        }

        @Override
        public String kind() {
            return "KEY";
        }

        @Override
        public List<String> lowerValues() {
            return lower;
        }

        @Override
        public List<String> upperValues() {
            return upper;
        }
    }

    /** Pages {@code [fromPage, toPage)} of the table's heap, read by tuple id; null is open. */
    record TupleIdBounds(Long fromPage, Long toPage) implements KeyRange {
        private static final Pattern STORED = Pattern.compile("\\((\\d{1,10}),0\\)");

        public TupleIdBounds {
            if (fromPage == null && toPage == null) {
                throw new IllegalArgumentException("a page range has at least one bound; use WHOLE");
            }
            if ((fromPage != null && fromPage < 0) || (toPage != null && toPage < 0)
                    || (fromPage != null && toPage != null && fromPage >= toPage)) {
                throw new IllegalArgumentException("not a page range");
            }
        }

        @Override
        public String kind() {
            return "TUPLE_ID";
        }

        @Override
        public List<String> lowerValues() {
            return fromPage == null ? null : List.of("(" + fromPage + ",0)");
        }

        @Override
        public List<String> upperValues() {
            return toPage == null ? null : List.of("(" + toPage + ",0)");
        }

        /** The page of a stored bound ({@code ["(page,0)"]}), or null for an open one. */
        static Long page(List<String> bound) {
            if (bound == null) {
                return null;
            }
            Matcher m = STORED.matcher(bound.size() == 1 ? bound.get(0) : "");
            if (!m.matches()) {
                throw new IllegalArgumentException("not a tuple id bound");
            }
            return Long.parseLong(m.group(1));
        }
    }

    /** A key range; both bounds null is the whole table. */
    static KeyRange keys(List<String> lower, List<String> upper) {
        return lower == null && upper == null ? WHOLE : new KeyBounds(lower, upper);
    }

    /** A page range; both bounds null is the whole table. */
    static KeyRange pages(Long fromPage, Long toPage) {
        return fromPage == null && toPage == null ? WHOLE : new TupleIdBounds(fromPage, toPage);
    }

    /** A range as the ledger stores it. */
    static KeyRange of(String kind, List<String> lower, List<String> upper) {
        return switch (kind) {
            case "WHOLE" -> WHOLE;
            case "KEY" -> keys(lower, upper);
            case "TUPLE_ID" -> pages(TupleIdBounds.page(lower), TupleIdBounds.page(upper));
            default -> throw new IllegalArgumentException("unknown range kind " + kind);
        };
    }
}
