package com.platform.datamigration.contracts;

/**
 * Kafka header names carried by every record. Values are UTF-8 strings.
 */
public final class EventHeaders {

    /** Unique id of the event (UUID); consumers deduplicate on it. */
    public static final String EVENT_ID = "dm-event-id";
    /** The event's type name, one of {@link EventType#typeName()}. */
    public static final String EVENT_TYPE = "dm-event-type";
    /** The organization that owns the aggregate. */
    public static final String ORGANIZATION_ID = "dm-organization-id";
    /** Major version of the event's JSON Schema. */
    public static final String SCHEMA_VERSION = "dm-schema-version";

    private EventHeaders() {
    }
}
