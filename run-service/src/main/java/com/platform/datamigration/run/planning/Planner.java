package com.platform.datamigration.run.planning;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.PlannedChunk;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.run.loads.SourceSessions;
import com.platform.datamigration.run.runs.ProgressTicker;
import com.platform.datamigration.run.runs.RunStore;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Plans a requested run (api role, consumer group {@code run-planner}): splits each pinned mapping's source table into
 * chunks ({@link Splitter}: key ranges in the key's own order, or page ranges of a table without a key), records them
 * in the ledger, and lets the progress ticker publish the first stage's chunks. Planning a run twice (a redelivered request) changes nothing.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
public class Planner {

    static final String GROUP = "run-planner";
    private static final Logger log = LoggerFactory.getLogger(Planner.class);

    private final EventReader reader;
    private final RunStore runs;
    private final ProgressTicker ticker;
    private final TargetDatabase targetDb;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final Ledger ledger;
    private final int maxChunks;

    Planner(EventReader reader, RunStore runs, ProgressTicker ticker, TargetDatabase targetDb, ConnectionCredentials credentials,
            SourceConnector connector, Ledger ledger, RunProperties props) {
        this.maxChunks = props.maxChunksPerTable();
        this.reader = reader;
        this.runs = runs;
        this.ticker = ticker;
        this.targetDb = targetDb;
        this.credentials = credentials;
        this.connector = connector;
        this.ledger = ledger;
    }

    @KafkaListener(topics = Topics.RUN_REQUESTED, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) {
        RunRequested requested = reader.read(record, RunRequested.class).event();
        UUID runId = requested.runId().value();
        if (!ticker.transition(runId, RunStatus.QUEUED, RunStatus.PLANNING, null, null)) {
            return;
        }
        try {
            RunStore.RunInfo run = runs.info(runId);
            List<PlannedChunk> chunks = new ArrayList<>();
            for (RunStore.StagedMapping m : runs.mappings(runId)) {
                SourceCredentials creds = credentials(run, m);
                try (Connection source = SourceSessions.open(connector, creds)) {
                    for (Splitter.Range r : Splitter.of(creds.type()).split(source, m.pinned().source(), run.options().chunkSize(),
                            maxChunks)) {
                        chunks.add(new PlannedChunk(chunks.size() + 1, m.pinned().mappingId(), m.ordinal(), m.stage(), ChunkKind.LOAD,
                                r.range(), r.estimatedRows()));
                    }
                }
            }
            try (Connection t = targetDb.open()) {
                ledger.insert(t, runId, run.organizationId(), chunks);
            }
            log.info("Run {} planned: {} chunks", runId, chunks.size());
            ticker.transition(runId, RunStatus.PLANNING, RunStatus.RUNNING, null, null);
            ticker.tick(runId);
        } catch (SourceException | SQLException | RuntimeException e) {
            // A redelivered request finds the run PLANNING and does nothing: a failure not recorded here would leave the
            // run planning for ever.
            Failure failure = failure(e);
            log.warn("Run {} could not be planned ({})", runId, failure.code());
            ticker.transition(runId, RunStatus.PLANNING, RunStatus.FAILED, failure.code(), failure.message());
        }
    }

    private SourceCredentials credentials(RunStore.RunInfo run, RunStore.StagedMapping m) {
        try {
            return credentials.of(OrganizationId.of(run.organizationId()), new ConnectionId(m.pinned().spec().source().connectionId()))
                    .block(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            throw new CredentialsUnavailable(ConnectionCredentials.failureCode(e));
        }
    }

    /** The source's credentials could not be had; {@code code} says why. */
    static final class CredentialsUnavailable extends RuntimeException {
        final String code;

        CredentialsUnavailable(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    /** Why planning failed, as the run records it. */
    record Failure(String code, String message) {
    }

    /**
     * The source's failure code; the SQL state of a source that could not be split; why the source's credentials could
     * not be had (connection-service's answer, {@link ConnectionCredentials#failureCode}); {@code PLANNING_FAILED} for
     * anything else. Never an exception's text.
     */
    static Failure failure(Exception e) {
        if (e instanceof SourceException se) {
            return new Failure(se.code().name(), se.code().message());
        }
        if (e instanceof SQLException sql) {
            return new Failure("PLANNING_FAILED", "The source could not be split into chunks (SQL state " + sql.getSQLState() + ").");
        }
        if (e instanceof CredentialsUnavailable c) {
            return new Failure(c.code, "The source connection's credentials could not be read (" + c.code + "); start the run again.");
        }
        return new Failure("PLANNING_FAILED", "The run could not be planned; start it again.");
    }
}
