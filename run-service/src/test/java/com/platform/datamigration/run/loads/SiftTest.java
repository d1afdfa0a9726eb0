package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.runtime.copy.BinaryCopyWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of a sifted COPY stream sorted as they pass: good ones lose their markers, the others are kept by key. */
class SiftTest {

    private static byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(BinaryCopyWriter.HEADER_LENGTH);
        b.put(BinaryCopyWriter.SIGNATURE).putInt(0).putInt(0);
        return b.array();
    }

    /** A tuple of fields: a byte[] is a value, null a NULL. */
    private static byte[] tuple(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(fields.length);
        for (byte[] f : fields) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(f == null ? -1 : f.length).array());
            if (f != null) {
                out.writeBytes(f);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodRowGoesOnWithoutItsMarkersAndItsFieldCountLowered() {
        Sift sift = new Sift(2);
        byte[] row = tuple(text("Ana"), new byte[] {0, 0, 0, 7}, null, null);
        int length = sift.pass(row);
        assertThat(Arrays.copyOf(row, length)).isEqualTo(tuple(text("Ana"), new byte[] {0, 0, 0, 7}));
        assertThat(sift.kept()).isEmpty();
    }

    @Test
    void aBadRowIsKeptByItsKeyAndOnlyTheStreamsHeaderBeforeItGoesOn() {
        Sift sift = new Sift(2);
        byte[] first = concat(header(), tuple(null, null, text("Zürich"), text("")));
        assertThat(sift.pass(first)).isEqualTo(BinaryCopyWriter.HEADER_LENGTH);
        assertThat(sift.pass(tuple(null, null, text("9"), text("10")))).isZero();
        assertThat(sift.kept()).containsExactly(List.of("Zürich", ""), List.of("9", "10"));
    }

    @Test
    void theHeaderWithAGoodRowAndTheTrailerPassWhole() {
        Sift sift = new Sift(1);
        byte[] first = concat(header(), tuple(text("x"), null));
        int length = sift.pass(first);
        assertThat(Arrays.copyOf(first, length)).isEqualTo(concat(header(), tuple(text("x"))));
        byte[] trailer = {(byte) 0xff, (byte) 0xff};
        assertThat(sift.pass(trailer)).isEqualTo(2);
        byte[] empty = concat(header(), trailer);
        assertThat(sift.pass(empty)).isEqualTo(empty.length);
    }
}
