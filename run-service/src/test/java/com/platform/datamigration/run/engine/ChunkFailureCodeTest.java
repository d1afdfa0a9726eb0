package com.platform.datamigration.run.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.support.source.FailureCode;
import com.platform.datamigration.support.source.SourceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ChunkFailureCodeTest {

    @Test
    void aChunkFailureIsRecordedAsACodeNeverAsAnExceptionClassName() {
        assertThat(ChunkWorker.failureCode(new SourceException(FailureCode.UNREACHABLE, null))).isEqualTo("UNREACHABLE");
        assertThat(ChunkWorker.failureCode(new SQLException("x", "40001"))).isEqualTo("SQL_40001");
        assertThat(ChunkWorker.failureCode(new ChunkWorker.CredentialsUnavailable("CONNECTION_SERVICE_UNAVAILABLE")))
                .isEqualTo("CONNECTION_SERVICE_UNAVAILABLE");
        assertThat(ChunkWorker.failureCode(new IllegalStateException("boom"))).isEqualTo("WORKER_ERROR");
    }
}
