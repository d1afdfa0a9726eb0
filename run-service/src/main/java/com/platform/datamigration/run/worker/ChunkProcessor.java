package com.platform.datamigration.run.worker;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.Claim;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Reconciliation;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.run.loads.Chunk;
import com.platform.datamigration.run.loads.ChunkMapping;
import com.platform.datamigration.run.loads.Loads;
import com.platform.datamigration.run.privacy.OrganizationSecrets;
import com.platform.datamigration.run.loads.Reconciler;
import com.platform.datamigration.run.loads.SourceSessions;
import com.platform.datamigration.run.runs.Pinned;
import com.platform.datamigration.run.runs.RunOptions;
import com.platform.datamigration.run.runs.RunStore;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.target.TargetTenancy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one claimed chunk: writes it by the path {@link LoadChooser} picks (and the next one after a row failure),
 * records it in the ledger in the same transaction, unless its lease was taken over meanwhile, then reconciles it
 * and marks it done. A chunk an earlier attempt already wrote is only reconciled.
 */
final class ChunkProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChunkProcessor.class);

    private final RunStore runs;
    private final TargetDatabase targetDb;
    private final Ledger ledger;
    private final Loads loads;
    private final CredentialCache credentials;
    private final SourceConnector connector;
    private final TargetTenancy tenancy;
    private final OrganizationSecrets secrets;
    // Mappings of runs whose chunks needed the sifted pipe: their next chunks start on it (bounded, least recent out).
    private final java.util.Set<String> dirty = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > 1_000;
                }
            }));

    ChunkProcessor(RunStore runs, TargetDatabase targetDb, Ledger ledger, Loads loads, CredentialCache credentials,
            SourceConnector connector, TargetTenancy tenancy, OrganizationSecrets secrets) {
        this.secrets = secrets;
        this.runs = runs;
        this.targetDb = targetDb;
        this.ledger = ledger;
        this.loads = loads;
        this.credentials = credentials;
        this.connector = connector;
        this.tenancy = tenancy;
    }

    void process(RunStore.RunInfo run, Claim claim) throws SQLException, SourceException {
        Pinned pinned = runs.pinned(run.id(), claim.ordinal());
        ChunkMapping mapping = new ChunkMapping(pinned, tenancy.scope(run.organizationId()), secrets.of(OrganizationId.of(run.organizationId())));
        boolean replay = claim.kind() == ChunkKind.REPLAY;
        SourceCredentials creds = replay ? null : credentials.get(run.organizationId(), pinned.spec().source().connectionId());
        Chunk.Source source = () -> SourceSessions.open(connector, creds);
        RunOptions options = run.options();
        boolean reconcile = options.reconcile() && !options.dryRun();
        try (Connection target = targetDb.open()) {
            target.setAutoCommit(false);
            // Pooled: already UTC with ISO dates (TargetDatabase); a silent network still fails after ten minutes.
            target.setNetworkTimeout(Runnable::run, 600_000);
            LoadPath path = claim.path();
            Reconciliation inline = null;
            long refused = claim.rowsRejectedByTarget();
            if (!claim.written()) {
                long started = System.nanoTime();
                String memo = run.id() + "/" + claim.ordinal();
                boolean siftFirst = mapping.siftable() && (dirty.contains(memo) || ledger.sifted(target, run.id(), claim.ordinal()));
                if (siftFirst) {
                    dirty.add(memo);
                }
                target.commit();
                ChunkWrite write = write(new Chunk(claim, mapping, source, reconcile), target, LoadChooser.first(claim.kind(),
                        options.pushdownAllowed(), mapping.fastPathPossible(), siftFirst, mapping.joinable()));
                if (write.path() == LoadPath.COPY_BINARY_SIFTED) {
                    dirty.add(memo);
                }
                long writeMs = (System.nanoTime() - started) / 1_000_000;
                try (Rejects rejects = write.rejects()) {
                    if (options.dryRun()) {
                        target.rollback();
                    }
                    if (!ledger.written(target, claim, write, run.organizationId(), writeMs)) {
                        target.rollback();
                        log.info("Chunk {} of run {} was taken over by another worker; its write is rolled back", claim.chunkNo(),
                                run.id());
                        return;
                    }
                    target.commit();
                    refused = rejects.refusedByTarget();
                }
                path = write.path();
                inline = write.reconciliation();
            }
            Reconciliation reconciliation = null;
            if (reconcile && !replay) {
                reconciliation = inline != null ? inline : remap(mapping, claim, source, target, path, refused);
            }
            if (!ledger.done(target, claim, reconciliation)) {
                target.rollback();
                return;
            }
            target.commit();
        }
    }

    /** The chunk written by {@code first}, or by the next load after a row failure; the transaction is rolled back between. */
    private ChunkWrite write(Chunk chunk, Connection target, LoadPath first) throws SQLException, SourceException {
        LoadPath path = first;
        while (true) {
            try {
                return loads.of(path).load(chunk, target);
            } catch (SQLException e) {
                target.rollback();
                Optional<LoadPath> next = LoadChooser.after(path, e, chunk.mapping().mergeAllowed(), chunk.mapping().siftable());
                if (next.isEmpty()) {
                    throw e;
                }
                path = next.get();
            }
        }
    }

    /** Reconciles a written chunk by mapping its source rows again (the staging table is dropped by the rollback). */
    private Reconciliation remap(ChunkMapping mapping, Claim claim, Chunk.Source source, Connection target, LoadPath path, long refused)
            throws SQLException, SourceException {
        try (Connection s = source.open()) {
            Reconciliation r = new Reconciler(mapping).remap(s, target, claim.range(), path != null && path.binaryPipe(), refused);
            target.rollback();
            return r;
        }
    }
}
