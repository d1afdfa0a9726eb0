package com.platform.datamigration.run.worker;

import com.platform.datamigration.support.source.SourceException;
import java.sql.SQLException;

/**
 * What a chunk failed of, as a code the ledger records and the run shows: the source's failure code, the SQL state,
 * why credentials could not be had, or {@code WORKER_ERROR}; never an exception's class name or message.
 */
final class ChunkFailure {

    private ChunkFailure() {
    }

    static String code(Exception e) {
        if (e instanceof SourceException se) {
            return se.code().name();
        }
        if (e instanceof SQLException sql) {
            return "SQL_" + sql.getSQLState();
        }
        if (e instanceof CredentialCache.CredentialsUnavailable unavailable) {
            return unavailable.code();
        }
        return "WORKER_ERROR";
    }
}
