package com.platform.datamigration.run.runs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.OrganizationId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class ProgressStreamsTest {

    /** A store whose runs advance by hand, counting every read. */
    private static final class Store {
        final Map<UUID, ProgressStreams.Read<String>> runs = new ConcurrentHashMap<>();
        final AtomicLong reads = new AtomicLong();

        Mono<ProgressStreams.Read<String>> read(UUID id) {
            reads.incrementAndGet();
            return Mono.justOrEmpty(runs.get(id));
        }

        void set(UUID id, long sequence, boolean terminal) {
            runs.put(id, new ProgressStreams.Read<>(sequence, terminal, "s" + sequence));
        }
    }

    @Test
    void clientsFollowingOneRunShareOneReadOfItAndEachSeesEverySequenceOnce() throws Exception {
        Store store = new Store();
        UUID run = UUID.randomUUID();
        store.set(run, 1, false);
        ProgressStreams<String> streams = new ProgressStreams<>(store::read, Duration.ofMillis(20), 50);
        OrganizationId org = OrganizationId.of("org-a");
        List<List<Long>> seen = new CopyOnWriteArrayList<>();
        List<Disposable> clients = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Long> mine = new CopyOnWriteArrayList<>();
            seen.add(mine);
            clients.add(streams.follow(org, run).subscribe(r -> mine.add(r.sequence())));
        }
        Thread.sleep(400);
        long reads = store.reads.get();
        // 400 ms at one read per 20 ms: about 20 reads for all ten clients, not 200.
        assertThat(reads).isBetween(5L, 40L);
        assertThat(streams.polled()).isEqualTo(1);
        store.set(run, 2, false);
        Thread.sleep(100);
        store.set(run, 3, true);
        Thread.sleep(200);
        assertThat(seen).allSatisfy(s -> assertThat(s).containsExactly(1L, 2L, 3L));
        assertThat(streams.polled()).as("a finished run is no longer polled").isZero();
        assertThat(streams.open(org)).isZero();
        long after = store.reads.get();
        Thread.sleep(100);
        assertThat(store.reads.get()).isEqualTo(after);

        // A client arriving after the end gets the final state and the stream ends.
        assertThat(streams.follow(org, run).map(ProgressStreams.Read::sequence).collectList().block(Duration.ofSeconds(5)))
                .containsExactly(3L);
        clients.forEach(Disposable::dispose);
    }

    @Test
    void anOrganizationHoldsAtMostItsLimitOfOpenStreamsAndOthersAreNotAffected() throws Exception {
        Store store = new Store();
        UUID run = UUID.randomUUID();
        store.set(run, 1, false);
        ProgressStreams<String> streams = new ProgressStreams<>(store::read, Duration.ofMillis(20), 3);
        OrganizationId org = OrganizationId.of("org-a");
        List<Disposable> held = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(streams.follow(org, run).subscribe());
        }
        assertThat(streams.open(org)).isEqualTo(3);
        assertThatThrownBy(() -> streams.follow(org, run).blockFirst(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getBody().getProperties()).containsEntry("code", "TOO_MANY_STREAMS");
                });
        assertThat(streams.open(org)).isEqualTo(3);
        Disposable other = streams.follow(OrganizationId.of("org-b"), run).subscribe();
        assertThat(streams.open(OrganizationId.of("org-b"))).isEqualTo(1);

        held.remove(0).dispose();
        Thread.sleep(50);
        assertThat(streams.open(org)).isEqualTo(2);
        held.add(streams.follow(org, run).subscribe());
        assertThat(streams.open(org)).isEqualTo(3);
        held.forEach(Disposable::dispose);
        other.dispose();
        Thread.sleep(50);
        assertThat(streams.polled()).as("nobody follows the run any more").isZero();
    }
}
