package com.platform.datamigration.runtime.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowDigestTest {

    @Test
    void theSameRowsInAnyOrderGiveTheSameFiguresAndHeaderAndTrailerAreNotRows() {
        BinaryCopyWriter header = BinaryCopyWriter.forColumns(java.util.List.of(), java.util.List.of());
        header.header();
        byte[] first = java.util.Arrays.copyOf(header.bytes(), header.size() + 3);
        first[first.length - 1] = 1;
        byte[] second = {0, 1, 2};
        byte[] trailer = {(byte) 0xff, (byte) 0xff};

        RowDigest a = new RowDigest();
        a.add(first);
        a.add(second);
        a.add(trailer);
        RowDigest b = new RowDigest();
        b.add(java.util.Arrays.copyOf(header.bytes(), header.size()));
        b.add(second);
        b.add(new byte[] {0, 0, 1});
        b.add(trailer);

        assertThat(a.rows()).isEqualTo(2);
        assertThat(b.rows()).isEqualTo(2);
        assertThat(a.hash()).isEqualTo(b.hash());
    }
}
