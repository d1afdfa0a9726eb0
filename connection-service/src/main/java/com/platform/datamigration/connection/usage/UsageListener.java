package com.platform.datamigration.connection.usage;

import com.platform.datamigration.contracts.MappingArchived;
import com.platform.datamigration.contracts.MappingSaved;
import com.platform.datamigration.contracts.RunProgressed;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.events.IdempotentConsumer;
import com.platform.datamigration.support.events.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Learns which mappings and runs use which connection, so a connection in use is not deleted. */
@Component
class UsageListener {

    static final String GROUP = "connection-service";

    private final EventReader reader;
    private final IdempotentConsumer consumer;
    private final ConnectionUsage usage;

    UsageListener(EventReader reader, IdempotentConsumer consumer, ConnectionUsage usage) {
        this.reader = reader;
        this.consumer = consumer;
        this.usage = usage;
    }

    @KafkaListener(topics = Topics.MAPPING_SAVED, groupId = GROUP)
    void mappingSaved(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<MappingSaved> received = reader.read(record, MappingSaved.class);
        MappingSaved m = received.event();
        consumer.apply(GROUP, received, () -> usage.mappingUses(m.organizationId(), m.mappingId().value(), m.name(),
                m.source().connectionId()));
    }

    @KafkaListener(topics = Topics.MAPPING_ARCHIVED, groupId = GROUP)
    void mappingArchived(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<MappingArchived> received = reader.read(record, MappingArchived.class);
        MappingArchived m = received.event();
        consumer.apply(GROUP, received, () -> usage.mappingArchived(m.organizationId(), m.mappingId().value(), m.name(),
                m.connectionId()));
    }

    @KafkaListener(topics = Topics.RUN_REQUESTED, groupId = GROUP)
    void runRequested(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<RunRequested> received = reader.read(record, RunRequested.class);
        RunRequested r = received.event();
        consumer.apply(GROUP, received, () -> usage.runUses(r.organizationId(), r.runId().value(),
                r.mappings().stream().map(p -> p.mappingId().value()).toList()));
    }

    @KafkaListener(topics = Topics.RUN_PROGRESS, groupId = GROUP)
    void runProgressed(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<RunProgressed> received = reader.read(record, RunProgressed.class);
        RunProgressed p = received.event();
        consumer.apply(GROUP, received, () -> usage.runProgressed(received.organizationId(), p.runId().value(), p.sequence(),
                p.status().terminal()));
    }
}
