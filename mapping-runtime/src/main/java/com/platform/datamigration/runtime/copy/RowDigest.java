package com.platform.datamigration.runtime.copy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rows of a binary COPY stream, counted and hashed independently of their order: the sum of a 64-bit hash of each
 * row's bytes. The stream's header is skipped and its trailer not counted, so two streams of the same rows in any
 * order give the same figures. Not thread-safe.
 */
public final class RowDigest {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private long rows;
    private long sum;

    /** Adds one CopyData message: a row, possibly preceded by the stream's header, or the trailer alone. */
    public void add(byte[] message) {
        add(message, message.length);
    }

    /** Adds the first {@code length} bytes of a CopyData message, as {@link #add(byte[])} does a whole one. */
    public void add(byte[] message, int length) {
        int from = 0;
        byte[] signature = BinaryCopyWriter.SIGNATURE;
        int header = BinaryCopyWriter.HEADER_LENGTH;
        if (length >= header && Arrays.equals(message, 0, signature.length, signature, 0, signature.length)) {
            int extension = ((message[header - 4] & 0xff) << 24) | ((message[header - 3] & 0xff) << 16)
                    | ((message[header - 2] & 0xff) << 8) | (message[header - 1] & 0xff);
            from = header + extension;
        }
        if (length - from < 2 || (length - from == 2 && message[from] == (byte) 0xff && message[from + 1] == (byte) 0xff)) {
            return;  // the header alone, or the trailer
        }
        rows++;
        sum += hash(message, from, length);
    }

    public long rows() {
        return rows;
    }

    public long sum() {
        return sum;
    }

    /** The sum as an unsigned decimal, the form reconciliation records. */
    public String hash() {
        return Long.toUnsignedString(sum);
    }

    static long hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft(h ^ mix((long) LONGS.get(b, i)), 27) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return mix(h ^ mix(tail));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
