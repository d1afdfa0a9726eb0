package com.platform.datamigration.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Object mother: one fully populated example of every event. */
final class Events {

    static final OrganizationId ORG = OrganizationId.of("org-acme");
    static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");

    private Events() {
    }

    static DataMigrationEvent example(EventType type) {
        ConnectionId connection = ConnectionId.random();
        MappingId mapping = MappingId.random();
        RunId run = RunId.random();
        return switch (type) {
            case CONNECTION_CREATED -> new ConnectionCreated(connection, ORG, 1, "legacy clinic", DatabaseType.POSTGRESQL,
                    "db.legacy.internal", 5432, "clinic", AT);
            case CONNECTION_UPDATED -> new ConnectionUpdated(connection, ORG, 2, "legacy clinic", DatabaseType.MARIADB,
                    "db.legacy.internal", 3306, "clinic", true, AT);
            case CONNECTION_DELETED -> new ConnectionDeleted(connection, ORG, 3, AT);
            case MAPPING_SAVED -> new MappingSaved(mapping, ORG, 4, "patients",
                    new MappingSaved.SourceTable(connection, "public", "legacy_patients"),
                    new MappingSaved.TargetTable("public", "patient"), List.of("id"), MappingSaved.OnConflict.UPSERT,
                    null, List.of(new MappingSaved.FieldMapping("id", "patient_id"),
                            new MappingSaved.FieldMapping("given_name", "trim(first_nm)")), AT);
            case MAPPING_ARCHIVED -> new MappingArchived(mapping, ORG, "patients", 4, connection, AT);
            case CHUNK_ASSIGNED -> new ChunkAssigned(run, ORG, 7, AT);
            case RUN_REQUESTED -> new RunRequested(run, ORG, List.of(new RunRequested.PinnedMapping(mapping, 4)),
                    new RunRequested.Options(false, 0.01, 50_000, null), "admin@acme", AT);
            case RUN_PROGRESSED -> new RunProgressed(run, ORG, 17, RunStatus.RUNNING, 120_000, 119_500, 12, 3, 20,
                    95_000.5, 9L, List.of(new RunProgressed.TableProgress(mapping, "public.legacy_patients",
                    "public.patient", RunStatus.RUNNING, 120_000, 119_500, 12, 3, 20)), AT);
            case CATALOG_DRIFT_DETECTED -> new CatalogDriftDetected(connection, ORG, UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), List.of(new CatalogDriftDetected.TableRef("public", "visits")), List.of(),
                    List.of(new CatalogDriftDetected.TableRename(new CatalogDriftDetected.TableRef("public", "pats"),
                            new CatalogDriftDetected.TableRef("public", "patients"))),
                    List.of(new CatalogDriftDetected.TableChange(new CatalogDriftDetected.TableRef("public", "patients"),
                            List.of("email"), List.of("fax"), List.of(new CatalogDriftDetected.ColumnChange("dob", "text", "date",
                            true, false)))), AT);
        };
    }
}
