package com.platform.datamigration.run.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.support.source.FailureCode;
import com.platform.datamigration.support.source.SourceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ChunkFailureCodeTest {

    @Test
    void aChunkFailureIsRecordedAsACodeNeverAsAnExceptionClassName() {
        assertThat(ChunkFailure.code(new SourceException(FailureCode.UNREACHABLE, null))).isEqualTo("UNREACHABLE");
        assertThat(ChunkFailure.code(new SQLException("x", "40001"))).isEqualTo("SQL_40001");
        assertThat(ChunkFailure.code(new CredentialCache.CredentialsUnavailable("CONNECTION_SERVICE_UNAVAILABLE")))
                .isEqualTo("CONNECTION_SERVICE_UNAVAILABLE");
        assertThat(ChunkFailure.code(new IllegalStateException("boom"))).isEqualTo("WORKER_ERROR");
    }
}
