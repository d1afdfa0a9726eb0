package com.platform.datamigration.runtime.copy;

import java.util.Arrays;

/**
 * Mapped rows encoded for {@code COPY … FROM STDIN} into one growing buffer, flushed by the caller whenever it likes:
 * {@link BinaryCopyWriter} for PostgreSQL's binary format, {@link TextCopyWriter} for its text format.
 */
public abstract class CopyWriter {

    private byte[] buffer = new byte[64 * 1024];
    private int size;

    /** The {@code COPY} options this encoding needs, e.g. {@code " (FORMAT binary)"}. */
    public abstract String options();

    /** What precedes the first row. */
    public void header() {
    }

    /** Appends one row; on failure the buffer is left as it was before the row. */
    public abstract void row(Object[] values);

    /** What follows the last row. */
    public void trailer() {
    }

    public final int size() {
        return size;
    }

    public final byte[] bytes() {
        return buffer;
    }

    public final void clear() {
        size = 0;
    }

    /** Forgets everything written since {@code mark} (a {@link #size()} taken earlier). */
    protected final void truncate(int mark) {
        size = mark;
    }

    protected final void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    protected final void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buffer, size, len);
        size += len;
    }

    protected final void putByte(int v) {
        ensure(1);
        buffer[size++] = (byte) v;
    }

    protected final void putShort(int v) {
        ensure(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    protected final void putInt(int v) {
        ensure(4);
        buffer[size++] = (byte) (v >>> 24);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    protected final void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
