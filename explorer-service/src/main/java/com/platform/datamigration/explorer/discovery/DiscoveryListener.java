package com.platform.datamigration.explorer.discovery;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.ConnectionDeleted;
import com.platform.datamigration.contracts.ConnectionUpdated;
import com.platform.datamigration.contracts.DataMigrationEvent;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.explorer.catalog.SnapshotRepository;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.events.IdempotentConsumer;
import com.platform.datamigration.support.events.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A new or changed connection is discovered automatically; a deleted one's snapshots are forgotten. */
@Component
class DiscoveryListener {

    static final String GROUP = "explorer-service";
    private static final Logger log = LoggerFactory.getLogger(DiscoveryListener.class);

    private final EventReader reader;
    private final IdempotentConsumer consumer;
    private final Discoveries discoveries;
    private final SnapshotRepository snapshots;

    DiscoveryListener(EventReader reader, IdempotentConsumer consumer, Discoveries discoveries, SnapshotRepository snapshots) {
        this.reader = reader;
        this.consumer = consumer;
        this.discoveries = discoveries;
        this.snapshots = snapshots;
    }

    @KafkaListener(topics = {Topics.CONNECTION_CREATED, Topics.CONNECTION_UPDATED, Topics.CONNECTION_DELETED}, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<DataMigrationEvent> received = reader.read(record);
        DataMigrationEvent event = received.event();
        if (event instanceof ConnectionDeleted deleted) {
            consumer.apply(GROUP, received, () -> snapshots.forget(deleted.organizationId(), deleted.connectionId()));
            return;
        }
        var connection = event instanceof ConnectionCreated created ? created.connectionId()
                : ((ConnectionUpdated) event).connectionId();
        // The event is recorded first and the discovery starts after that commit, in its own transactions: the
        // background work never races an uncommitted row. A connection that cannot be reached now is discovered
        // on demand later.
        if (consumer.apply(GROUP, received, Mono::empty)) {
            discoveries.start(event.organizationId(), connection)
                    .doOnError(e -> log.info("Automatic discovery of {} did not start: {}", connection, e.getMessage()))
                    .onErrorResume(e -> Mono.empty())
                    .block(java.time.Duration.ofSeconds(30));
        }
    }
}
