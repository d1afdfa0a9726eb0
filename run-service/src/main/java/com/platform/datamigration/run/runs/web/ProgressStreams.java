package com.platform.datamigration.run.runs.web;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The progress streams of this api process: one poll of a run's stored progress however many clients follow it, and
 * at most {@code perOrganization} open streams per organization (more answer 429), so that neither many viewers of
 * one run nor one organization's clients load the database for the others.
 *
 * @param <P> a progress snapshot as read from the store
 */
final class ProgressStreams<P> {

    /** One read of a run's progress: its sequence, whether it is final, and the snapshot itself. */
    record Read<P>(long sequence, boolean terminal, P snapshot) {
    }

    private final Function<UUID, Mono<Read<P>>> read;
    private final Duration interval;
    private final int perOrganization;
    private final Map<UUID, Flux<Read<P>>> polls = new ConcurrentHashMap<>();
    private final Map<OrganizationId, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * @param read     reads a run's stored progress; empty while it has none
     * @param interval how often a followed run is read
     */
    ProgressStreams(Function<UUID, Mono<Read<P>>> read, Duration interval, int perOrganization) {
        this.read = read;
        this.interval = interval;
        this.perOrganization = perOrganization;
    }

    /**
     * Each new sequence of the run once, the latest one first, ending after a terminal one; 429 when the organization
     * already has its maximum of open streams.
     */
    Flux<Read<P>> follow(OrganizationId org, UUID run) {
        return Flux.defer(() -> {
            AtomicInteger count = open.computeIfAbsent(org, o -> new AtomicInteger());
            if (count.incrementAndGet() > perOrganization) {
                count.decrementAndGet();
                return Flux.error(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "This organization already follows "
                        + perOrganization + " run progress streams; close one first.", "TOO_MANY_STREAMS", List.of()));
            }
            return poll(run).doFinally(signal -> count.decrementAndGet());
        });
    }

    /** Streams open for the organization now. */
    int open(OrganizationId org) {
        AtomicInteger count = open.get(org);
        return count == null ? 0 : count.get();
    }

    /** Runs polled now. */
    int polled() {
        return polls.size();
    }

    private Flux<Read<P>> poll(UUID run) {
        Flux<Read<P>>[] self = new Flux[1];
        return polls.computeIfAbsent(run, id -> {
            self[0] = Flux.interval(Duration.ZERO, interval)
                    .concatMap(i -> read.apply(id))
                    .distinctUntilChanged(Read::sequence)
                    .takeUntil(Read::terminal)
                    // Removed before the last subscriber leaves, so that a stream opened afterwards polls anew.
                    .doFinally(signal -> polls.remove(id, self[0]))
                    .replay(1)
                    .refCount();
            return self[0];
        });
    }
}
