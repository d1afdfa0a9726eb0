package com.platform.datamigration.run.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ranges survive the ledger's stored form unchanged, and nonsense ranges cannot be made. */
class KeyRangeTest {

    private static KeyRange stored(KeyRange r) {
        return KeyRange.of(r.kind(), r.lowerValues(), r.upperValues());
    }

    @Test
    void everyKindReadsBackAsItWasStored() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            Long from = random.nextBoolean() ? null : random.nextLong(0, 4_000_000_000L);
            Long to;
            if (from == null) {
                to = random.nextBoolean() ? null : Long.valueOf(random.nextLong(1, 4_000_000_000L));
            } else {
                to = from + 1 + random.nextInt(1_000);
            }
            KeyRange pages = KeyRange.pages(from, to);
            assertThat(stored(pages)).isEqualTo(pages);
            List<String> lower = random.nextBoolean() ? null : List.of("(" + i + ",0)", "ü" + i);
            List<String> upper = random.nextBoolean() ? null : List.of("Z" + i, String.valueOf(random.nextLong()));
            KeyRange keys = KeyRange.keys(lower, upper);
            assertThat(stored(keys)).isEqualTo(keys);
        }
        assertThat(stored(KeyRange.WHOLE)).isSameAs(KeyRange.WHOLE);
        assertThat(KeyRange.keys(null, null)).isSameAs(KeyRange.WHOLE);
        assertThat(KeyRange.pages(null, null)).isSameAs(KeyRange.WHOLE);
    }

    @Test
    void aKeyValueThatLooksLikeATupleIdStaysAKey() {
        KeyRange key = KeyRange.keys(List.of("(5,0)"), null);
        assertThat(key).isInstanceOf(KeyRange.KeyBounds.class);
        assertThat(stored(key)).isEqualTo(key);
    }

    @Test
    void malformedRangesAreRefused() {
        assertThatThrownBy(() -> new KeyRange.TupleIdBounds(10L, 10L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRange.TupleIdBounds(-1L, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRange.KeyBounds(List.of("a"), List.of("b", "c"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRange.of("TUPLE_ID", List.of("(1,5)"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRange.of("TUPLE_ID", List.of("1; DROP TABLE x"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRange.of("ROWS", null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
