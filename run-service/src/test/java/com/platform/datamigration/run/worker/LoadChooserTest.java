package com.platform.datamigration.run.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.LoadPath;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which load writes a chunk first, and which one after a failure. */
class LoadChooserTest {

    private static final SQLException DUPLICATE = new SQLException("duplicate key", "23505");
    private static final SQLException BAD_DATE = new SQLException("invalid date", "22007");
    private static final SQLException NOT_NULL = new SQLException("null value", "23502");
    private static final SQLException LOST = new SQLException("connection lost", "08006");
    private static final SQLException DEADLOCK = new SQLException("deadlock", "40P01");

    @Test
    void theFirstLoadFollowsTheKindThePushdownAndTheMapping() {
        assertThat(LoadChooser.first(ChunkKind.LOAD, true, true)).isEqualTo(LoadPath.COPY_BINARY);
        assertThat(LoadChooser.first(ChunkKind.LOAD, false, true)).isEqualTo(LoadPath.DECODE);
        assertThat(LoadChooser.first(ChunkKind.LOAD, true, false)).isEqualTo(LoadPath.DECODE);
        assertThat(LoadChooser.first(ChunkKind.REPLAY, true, true)).isEqualTo(LoadPath.REPLAY);
    }

    @Test
    void duplicatesMergeWhenThePolicyAllowsAndOtherRowFailuresDecode() {
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, DUPLICATE, true)).contains(LoadPath.COPY_BINARY_MERGE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, DUPLICATE, false)).contains(LoadPath.DECODE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, BAD_DATE, true)).contains(LoadPath.DECODE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, NOT_NULL, true)).contains(LoadPath.DECODE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY_MERGE, NOT_NULL, true)).contains(LoadPath.DECODE);
    }

    @Test
    void badValuesKeepASiftableMappingOnThePipeAndLookupsThatCanBeJoinedAreJoined() {
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, BAD_DATE, true, true)).contains(LoadPath.COPY_BINARY_SIFTED);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY, DUPLICATE, true, true)).contains(LoadPath.COPY_BINARY_MERGE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY_SIFTED, NOT_NULL, true, true)).contains(LoadPath.DECODE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY_SIFTED, DUPLICATE, true, true)).contains(LoadPath.COPY_BINARY_MERGE);
        assertThat(LoadChooser.after(LoadPath.COPY_BINARY_JOINED, BAD_DATE, true, true)).contains(LoadPath.DECODE);
        assertThat(LoadChooser.first(ChunkKind.LOAD, true, true, true)).isEqualTo(LoadPath.COPY_BINARY_SIFTED);
        assertThat(LoadChooser.first(ChunkKind.LOAD, true, false, false, true)).isEqualTo(LoadPath.COPY_BINARY_JOINED);
        assertThat(LoadChooser.first(ChunkKind.LOAD, false, false, false, true)).isEqualTo(LoadPath.DECODE);
        assertThat(LoadChooser.first(ChunkKind.REPLAY, true, false, false, true)).isEqualTo(LoadPath.REPLAY);
    }

    @Test
    void theDecodePathAndReplaysAreLastAndOnlyRowFailuresChangePath() {
        assertThat(LoadChooser.after(LoadPath.DECODE, BAD_DATE, true)).isEmpty();
        assertThat(LoadChooser.after(LoadPath.REPLAY, BAD_DATE, true)).isEmpty();
        for (LoadPath path : LoadPath.values()) {
            assertThat(LoadChooser.after(path, LOST, true)).as(path.name()).isEmpty();
            assertThat(LoadChooser.after(path, DEADLOCK, true)).as(path.name()).isEmpty();
        }
    }
}
