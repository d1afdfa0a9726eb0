package com.platform.datamigration.run.ledger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rejects of one chunk, in the order they were found, with bounded memory: the first {@value #IN_MEMORY} are kept
 * on the heap, the rest are spilled to a temporary file and read back when they are written to the quarantine. A
 * chunk in which every row is bad therefore costs disk, not heap. Not thread-safe; {@link #close()} deletes the spill.
 */
public final class Rejects implements Iterable<Reject>, AutoCloseable {

    static final int IN_MEMORY = 1_000;

    private final List<Reject> head = new ArrayList<>();
    private final boolean keep;
    private Path spill;
    private DataOutputStream out;
    private long size;
    private long refusedByTarget;

    public Rejects() {
        this(true);
    }

    private Rejects(boolean keep) {
        this.keep = keep;
    }

    /** No rejects. */
    public static Rejects none() {
        return new Rejects();
    }

    /** Counts rejects and keeps none: for passes that only need to know how many rows failed. */
    public static Rejects counting() {
        return new Rejects(false);
    }

    public void add(Reject reject) {
        size++;
        if (reject.refusedByTarget()) {
            refusedByTarget++;
        }
        if (!keep) {
            return;
        }
        if (head.size() < IN_MEMORY) {
            head.add(reject);
            return;
        }
        try {
            if (out == null) {
                spill = Files.createTempFile("dm-rejects-", ".bin");
                spill.toFile().deleteOnExit();
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 64 * 1024));
            }
            write(out, reject);
        } catch (IOException e) {
            throw new UncheckedIOException("rejects could not be spilled to disk", e);
        }
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** How many of the rejects the target refused (a constraint), rather than the mapping (a conversion). */
    public long refusedByTarget() {
        return refusedByTarget;
    }

    /**
     * Every reject once, in the order added; the spilled ones are read from disk as the iteration reaches them. Empty
     * for a {@link #counting()} instance.
     */
    @Override
    public Iterator<Reject> iterator() {
        Iterator<Reject> inMemory = head.iterator();
        if (out == null) {
            return inMemory;
        }
        try {
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 64 * 1024));
            return new Iterator<>() {
                long spilled = size - head.size();
                long read;

                @Override
                public boolean hasNext() {
                    if (inMemory.hasNext()) {
                        return true;
                    }
                    if (read < spilled) {
                        return true;
                    }
                    closeQuietly(in);
                    return false;
                }

                @Override
                public Reject next() {
                    if (inMemory.hasNext()) {
                        return inMemory.next();
                    }
                    if (read >= spilled) {
                        throw new NoSuchElementException();
                    }
                    try {
                        read++;
                        return Rejects.read(in);
                    } catch (IOException e) {
                        closeQuietly(in);
                        throw new UncheckedIOException("spilled rejects could not be read", e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("spilled rejects could not be read", e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            closeQuietly(out);
            try {
                Files.deleteIfExists(spill);
            } catch (IOException e) {
                // deleted on exit at the latest
            }
            out = null;
        }
    }

    private static void write(DataOutputStream out, Reject r) throws IOException {
        writeMap(out, r.sourceKey());
        writeMap(out, r.raw());
        writeText(out, r.field());
        writeText(out, r.code());
        writeText(out, r.reason());
        out.writeBoolean(r.refusedByTarget());
    }

    private static Reject read(DataInputStream in) throws IOException {
        return new Reject(readMap(in), readMap(in), readText(in), readText(in), readText(in), in.readBoolean());
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        if (map == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeText(out, e.getKey());
            writeText(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readText(in), readText(in));
        }
        return map;
    }

    /** Length-prefixed UTF-8 of any length ({@code writeUTF} stops at 64 KiB); -1 for null. */
    private static void writeText(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
