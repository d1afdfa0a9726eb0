package com.platform.datamigration.run.loads;

import com.platform.datamigration.runtime.copy.BinaryCopyWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts the rows of a sifted binary COPY stream ({@link ChunkStatements#siftedSelect}) as they pass: a row whose
 * markers are null goes on without them, a row with markers stays behind and its key is kept. Every key column is
 * NOT NULL (a tuple id always is), so the markers are null together; a null field is the length -1, four 0xFF bytes,
 * which never end a text field (UTF-8 has no 0xFF byte, and an empty text is the length 0), so a row is told by its
 * last four bytes without reading its fields. Not thread-safe.
 */
final class Sift {

    private final int markers;
    private final List<List<String>> kept = new ArrayList<>();

    Sift(int markers) {
        this.markers = markers;
    }

    /**
     * Takes one CopyData message (a row, possibly after the stream's header, or the trailer) and returns how many of its
     * first bytes go on: the whole row less its markers (the field count lowered in place), only the header, or nothing.
     */
    int pass(byte[] message) {
        int from = headerEnd(message);
        int length = message.length;
        if (length - from <= 2) {
            return length;  // the header alone, the trailer, or both
        }
        if (message[length - 1] == (byte) 0xff && message[length - 2] == (byte) 0xff && message[length - 3] == (byte) 0xff
                && message[length - 4] == (byte) 0xff) {
            int fields = ((message[from] & 0xff) << 8) | (message[from + 1] & 0xff);
            int kept = fields - markers;
            message[from] = (byte) (kept >>> 8);
            message[from + 1] = (byte) kept;
            return length - 4 * markers;
        }
        this.kept.add(markersOf(message, from));
        return from;
    }

    /** The keys of the rows kept back, each as its columns' text. */
    List<List<String>> kept() {
        return kept;
    }

    private List<String> markersOf(byte[] m, int from) {
        int fields = ((m[from] & 0xff) << 8) | (m[from + 1] & 0xff);
        int pos = from + 2;
        List<String> key = new ArrayList<>(markers);
        for (int f = 0; f < fields; f++) {
            int len = ((m[pos] & 0xff) << 24) | ((m[pos + 1] & 0xff) << 16) | ((m[pos + 2] & 0xff) << 8) | (m[pos + 3] & 0xff);
            pos += 4;
            if (f >= fields - markers) {
                if (len < 0) {
                    throw new IllegalStateException("a kept row without its key");
                }
                key.add(new String(m, pos, len, StandardCharsets.UTF_8));
            }
            pos += Math.max(0, len);
        }
        return key;
    }

    private static int headerEnd(byte[] m) {
        byte[] signature = BinaryCopyWriter.SIGNATURE;
        int header = BinaryCopyWriter.HEADER_LENGTH;
        if (m.length >= header && Arrays.equals(m, 0, signature.length, signature, 0, signature.length)) {
            int extension = ((m[header - 4] & 0xff) << 24) | ((m[header - 3] & 0xff) << 16) | ((m[header - 2] & 0xff) << 8)
                    | (m[header - 1] & 0xff);
            return header + extension;
        }
        return 0;
    }
}
