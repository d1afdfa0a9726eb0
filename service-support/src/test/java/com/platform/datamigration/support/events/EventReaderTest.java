package com.platform.datamigration.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.ConnectionDeleted;
import com.platform.datamigration.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class EventReaderTest {

    /** Like the services' mapper: strict about request bodies. */
    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static ConsumerRecord<String, byte[]> record(String json, String org) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("connection.deleted", 0, 0, "k", json.getBytes(StandardCharsets.UTF_8));
        r.headers().add(EventHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add(EventHeaders.EVENT_TYPE, "ConnectionDeleted".getBytes(StandardCharsets.UTF_8));
        r.headers().add(EventHeaders.ORGANIZATION_ID, org.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void anEventWithAFieldAddedLaterIsStillRead() {
        String id = UUID.randomUUID().toString();
        var received = new EventReader(STRICT).read(record("{\"connectionId\":\"" + id + "\",\"organizationId\":\"org-1\","
                + "\"revision\":3,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"addedInAFutureVersion\":{\"x\":1}}", "org-1"),
                ConnectionDeleted.class);
        assertThat(received.event().connectionId().toString()).isEqualTo(id);
        assertThat(received.event().revision()).isEqualTo(3);
    }

    @Test
    void anEventWhoseHeaderOrganizationDiffersIsMalformed() {
        String json = "{\"connectionId\":\"" + UUID.randomUUID() + "\",\"organizationId\":\"org-1\",\"revision\":3,"
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\"}";
        assertThatThrownBy(() -> new EventReader(STRICT).read(record(json, "org-2"))).isInstanceOf(MalformedEventException.class);
    }
}
