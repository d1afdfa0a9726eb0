package com.platform.datamigration.run.worker;

import com.platform.datamigration.contracts.ChunkAssigned;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.run.ledger.Claim;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.run.loads.Loads;
import com.platform.datamigration.run.privacy.OrganizationSecrets;
import com.platform.datamigration.run.runs.RunStore;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.target.TargetTenancy;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The worker role: a member of the {@code run-workers} consumer group on {@code run.chunks}. For each chunk it is
 * handed it takes the lease in the ledger, heartbeats it while working ({@link LeaseHeartbeat}), writes the chunk and
 * its ledger update in one target transaction (rolled back if its fencing token was superseded), then reconciles it
 * ({@link ChunkProcessor}). A redelivered or duplicated chunk message finds the chunk done or leased and does nothing.
 *
 * <p>A {@link SmartLifecycle}: its threads start before the Kafka listeners and stop after them. On stop it claims no
 * more chunks and gives the chunks in flight {@code dm.run.worker-shutdown-grace} to finish; a chunk still running then
 * is abandoned, its transaction rolled back, and its lease expires for another worker to take it.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('worker')")
public class ChunkWorker implements SmartLifecycle {

    static final String GROUP = "run-workers";
    private static final Logger log = LoggerFactory.getLogger(ChunkWorker.class);

    private final EventReader reader;
    private final RunStore runs;
    private final TargetDatabase targetDb;
    private final Ledger ledger;
    private final RunProperties props;
    private final ChunkProcessor processor;
    private final LeaseHeartbeat heartbeat;
    private final String owner;
    private final Semaphore slots;
    private final AtomicInteger threads = new AtomicInteger();
    private volatile boolean running;
    private ScheduledExecutorService timers;
    private ExecutorService pool;

    ChunkWorker(EventReader reader, RunStore runs, TargetDatabase targetDb, Ledger ledger, Loads loads, ConnectionCredentials credentials,
            SourceConnector connector, RunProperties props, TargetTenancy tenancy, OrganizationSecrets secrets) {
        this.reader = reader;
        this.runs = runs;
        this.targetDb = targetDb;
        this.ledger = ledger;
        this.props = props;
        this.processor = new ChunkProcessor(runs, targetDb, ledger, loads, new CredentialCache(credentials), connector, tenancy, secrets);
        this.heartbeat = new LeaseHeartbeat(ledger, targetDb, props.lease());
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.slots = new Semaphore(props.workerConcurrency());
    }

    /** This worker's name in the ledger's {@code owner} column. */
    public String owner() {
        return owner;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        pool = Executors.newFixedThreadPool(props.workerConcurrency(), r -> daemon(r, "chunk-worker-" + threads.incrementAndGet()));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chunk-heartbeat"));
        long every = heartbeat.interval().toMillis();
        timers.scheduleWithFixedDelay(heartbeat::beat, every, every, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::scan, 1000, 1000, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(props.workerShutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Chunks still running after {}; they are abandoned and their leases will expire", props.workerShutdownGrace());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        heartbeat.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the Kafka listener containers (which start late and stop early): started before them, stopped after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A chunk message wakes the worker up: it waits for a free slot, then a slot claims that chunk or, when someone
     * else has it, the next released chunk of the run, and keeps claiming the run's chunks until none is left. The
     * ledger decides who works on what, so chunks whose messages wait in a busy worker's partitions are taken by idle
     * workers, and a worker that dies mid-chunk leaves only a lease that expires.
     */
    @KafkaListener(topics = Topics.RUN_CHUNKS, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ChunkAssigned work = reader.read(record, ChunkAssigned.class).event();
        while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
            if (!running) {
                return;  // stopping: the chunk stays in the ledger for the scan of a running worker
            }
        }
        submit(work.runId().value(), work.organizationId().value(), work.chunkNo());
    }

    /** Runs the work on a slot already acquired, releasing it afterwards (also when the pool refuses it). */
    private void submit(UUID run, String organization, Integer chunkNo) {
        try {
            if (!running) {
                slots.release();
                return;
            }
            pool.execute(() -> {
                try {
                    workOn(run, organization, chunkNo);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            if (running) {
                throw e;
            }
        }
    }

    /** Free slots look for released chunks that no message brought them, e.g. after a worker died. */
    private void scan() {
        if (!running || slots.availablePermits() == 0) {
            return;
        }
        List<UUID> waiting;
        try (Connection t = targetDb.open()) {
            waiting = ledger.runsWithWork(t);
        } catch (SQLException e) {
            return;
        }
        for (UUID run : waiting) {
            if (!slots.tryAcquire()) {
                return;
            }
            submit(run, null, null);
        }
    }

    private void workOn(UUID runId, String organization, Integer preferred) {
        try {
            Integer next = preferred;
            while (running) {
                RunStore.RunInfo run = runs.info(runId);
                if (run == null || run.status() != RunStatus.RUNNING
                        || (organization != null && !run.organizationId().equals(organization))) {
                    return;
                }
                Optional<Claim> claim = claim(run, next);
                if (claim.isEmpty() && next != null) {
                    claim = claim(run, null);
                }
                if (claim.isEmpty()) {
                    return;
                }
                work(run, claim.get());
                next = null;
            }
        } catch (RuntimeException e) {
            log.warn("Work on run {} stopped: {}", runId, e.toString());
        }
    }

    private void work(RunStore.RunInfo run, Claim c) {
        heartbeat.hold(c);
        try {
            processor.process(run, c);
        } catch (Exception e) {
            String code = ChunkFailure.code(e);
            log.warn("Chunk {} of run {} failed on attempt {} ({}); it goes back to the ledger", c.chunkNo(), run.id(), c.attempts(), code);
            try (Connection t = targetDb.open()) {
                ledger.release(t, c, code, props.maxAttempts());
            } catch (SQLException again) {
                log.warn("Chunk {} of run {} could not be released ({}); its lease will expire", c.chunkNo(), run.id(), again.getSQLState());
            }
        } finally {
            heartbeat.release(c);
        }
    }

    private Optional<Claim> claim(RunStore.RunInfo run, Integer chunkNo) {
        try (Connection t = targetDb.open()) {
            return ledger.claim(t, run.id(), chunkNo, owner, props.lease(), run.options().parallelism());
        } catch (SQLException e) {
            log.warn("A chunk of run {} could not be claimed ({}); it will be offered again", run.id(), e.getSQLState());
            return Optional.empty();
        }
    }
}
