package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.MappingId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunId;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.PlannedChunk;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.support.outbox.Outbox;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs as the API sees them. A request is checked before anything is recorded ({@link MappingPins}); then the run, its
 * pinned mappings (ordered by {@link RunStages} so that lookups' and foreign keys' targets load first) and its
 * {@code run.requested} event commit together. Cancel, resume and replay move the run through {@link ProgressTicker}.
 * Refusals are {@link RunRefusal}s.
 */
@Service
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
public class Runs {

    private final RunRepository repository;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final MappingPins pins;
    private final TargetDatabase targetDb;
    private final Ledger ledger;
    private final ProgressTicker ticker;
    private final RunStore store;

    Runs(RunRepository repository, ReactiveTransactionManager transactions, Outbox outbox, MappingPins pins, TargetDatabase targetDb,
            Ledger ledger, ProgressTicker ticker, RunStore store) {
        this.repository = repository;
        this.tx = TransactionalOperator.create(transactions);
        this.outbox = outbox;
        this.pins = pins;
        this.targetDb = targetDb;
        this.ledger = ledger;
        this.ticker = ticker;
        this.store = store;
    }

    /** Checks and records a run of {@code mappingIds} with {@code options}, and requests it. */
    public Mono<RunSummary> create(OrganizationId org, String requestedBy, List<UUID> mappingIds, RunOptions options) {
        if (new HashSet<>(mappingIds).size() != mappingIds.size()) {
            return Mono.error(RunRefusal.invalid("mappingIds", "must not name a mapping twice"));
        }
        return Flux.range(0, mappingIds.size())
                .concatMap(i -> pins.pin(org, mappingIds.get(i), "mappingIds[" + i + "]"))
                .collectList()
                .flatMap(pinned -> {
                    List<Integer> stages = RunStages.of(pinned);
                    UUID id = UUID.randomUUID();
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    RunRequested event = new RunRequested(new RunId(id), org,
                            pinned.stream().map(p -> new RunRequested.PinnedMapping(new MappingId(p.mappingId()), p.version())).toList(),
                            new RunRequested.Options(options.dryRun(), options.maxRejectedFraction(), options.chunkSize(),
                                    options.parallelism()), requestedBy, now);
                    Mono<Void> mappings = Flux.range(0, pinned.size())
                            .concatMap(i -> repository.insertMapping(id, i, stages.get(i), pinned.get(i))).then();
                    return repository.insert(id, org, requestedBy, now, options).then(mappings).then(outbox.append(event))
                            .as(tx::transactional)
                            .then(get(org, id));
                });
    }

    public Mono<RunSummary> get(OrganizationId org, UUID id) {
        return repository.find(org, id).switchIfEmpty(Mono.error(() -> RunRefusal.notFound("run", id)));
    }

    public Mono<Page<RunSummary>> list(OrganizationId org, RunStatus status, Instant from, Instant to, int page, int size) {
        return repository.list(org, status, from, to, page, size);
    }

    public Mono<RunSummary> cancel(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (run.status().terminal()) {
                return Mono.error(RunRefusal.conflict("RUN_FINISHED", "The run has already ended (" + run.status() + ")."));
            }
            return blocking(() -> ticker.transition(id, run.status(), RunStatus.CANCELLING, null, null))
                    .flatMap(changed -> changed ? get(org, id) : cancel(org, id));
        });
    }

    /** Resumes a cancelled or failed run: only its unfinished chunks run again. */
    public Mono<RunSummary> resume(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (run.status() != RunStatus.CANCELLED && run.status() != RunStatus.FAILED) {
                return Mono.error(RunRefusal.conflict("RUN_NOT_RESUMABLE", "Only a cancelled or failed run can be resumed; this one is "
                        + run.status() + "."));
            }
            if (run.progress() == null || run.progress().chunksTotal() == 0) {
                return Mono.error(RunRefusal.conflict("RUN_NOT_RESUMABLE", "The run was never planned; start a new run."));
            }
            return blocking(() -> {
                try (Connection t = targetDb.open()) {
                    ledger.reopen(t, id);
                }
                return ticker.transition(id, run.status(), RunStatus.RUNNING, null, null);
            }).then(blocking(() -> {
                ticker.tick(id);
                return true;
            })).then(get(org, id));
        });
    }

    public Mono<Page<RejectView>> rejects(OrganizationId org, UUID id, boolean includeResolved, int page, int size) {
        return get(org, id).then(blocking(() -> {
            try (Connection t = targetDb.open()) {
                List<RejectView> items = ledger.quarantine().rejects(t, id, org.value(), includeResolved, page, size).stream()
                        .map(r -> new RejectView(r.id(), r.mappingId(), r.chunkNo(), r.sourceKey(), r.raw(), r.field(), r.code(),
                                r.reason(), r.rejectedAt(), r.resolvedAt()))
                        .toList();
                return new Page<>(items, page, size, ledger.quarantine().countRejects(t, id, org.value(), includeResolved));
            }
        }));
    }

    /**
     * Re-tries a finished run's open rejects with each mapping's current version (pinned again, checked like a new
     * run): one replay chunk per mapping with rejects, through the same workers, ledger and progress.
     */
    public Mono<RunSummary> replay(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (!run.status().terminal()) {
                return Mono.error(RunRefusal.conflict("RUN_IN_PROGRESS", "Rejects can be replayed once the run has ended."));
            }
            return blocking(() -> {
                try (Connection t = targetDb.open()) {
                    return ledger.quarantine().mappingsWithOpenRejects(t, id);
                }
            }).flatMap(mappings -> {
                if (mappings.isEmpty()) {
                    return Mono.error(RunRefusal.conflict("NO_REJECTS", "The run has no open rejects to replay."));
                }
                return Flux.fromIterable(mappings).concatMap(m -> pins.pin(org, m, "rejects")).collectList()
                        .flatMap(pinned -> blocking(() -> store.mappings(id)).flatMap(existing -> {
                            int next = existing.stream().mapToInt(RunStore.StagedMapping::ordinal).max().orElse(-1) + 1;
                            int base = existing.stream().mapToInt(RunStore.StagedMapping::stage).max().orElse(0) + 1;
                            List<Integer> replayStages = RunStages.of(pinned);
                            Mono<Void> inserts = Mono.empty();
                            for (int i = 0; i < pinned.size(); i++) {
                                inserts = inserts.then(repository.insertMapping(id, next + i, base + replayStages.get(i), pinned.get(i)));
                            }
                            return inserts.then(blocking(() -> {
                                try (Connection t = targetDb.open()) {
                                    int last = ledger.lastChunkNo(t, id);
                                    List<PlannedChunk> chunks = new ArrayList<>();
                                    for (int i = 0; i < pinned.size(); i++) {
                                        chunks.add(new PlannedChunk(last + i + 1, pinned.get(i).mappingId(), next + i,
                                                base + replayStages.get(i), ChunkKind.REPLAY, KeyRange.WHOLE, 0));
                                    }
                                    ledger.insert(t, id, org.value(), chunks);
                                }
                                return ticker.transition(id, run.status(), RunStatus.RUNNING, null, null);
                            })).then(blocking(() -> {
                                ticker.tick(id);
                                return true;
                            })).then(get(org, id));
                        }));
            });
        });
    }

    /** Blocking work (JDBC, the ticker) off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
