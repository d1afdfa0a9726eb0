package com.platform.datamigration.support.events;

import com.platform.datamigration.contracts.DataMigrationEvent;
import com.platform.datamigration.contracts.OrganizationId;
import java.util.UUID;

/** An event read from Kafka with what its headers said. The organization in the headers matched the payload's. */
public record ReceivedEvent<E extends DataMigrationEvent>(UUID eventId, OrganizationId organizationId, E event) {
}
