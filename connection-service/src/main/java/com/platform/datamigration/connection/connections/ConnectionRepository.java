package com.platform.datamigration.connection.connections;

import com.platform.datamigration.support.source.SslMode;
import com.platform.datamigration.connection.credentials.CredentialCipher;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Connections in {@code dm_connection}; every query is scoped by organization. */
@Repository
class ConnectionRepository {

    private static final String COLUMNS = """
            id, organization_id, name, type, host, port, database_name, username, password_ciphertext, password_key_id,
            ssl_mode, options::text AS options, revision, last_test::text AS last_test, last_tested_at, created_at, updated_at""";

    private final DatabaseClient db;
    private final JsonMapper json;

    ConnectionRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<StoredConnection> find(OrganizationId org, ConnectionId id) {
        return db.sql("SELECT " + COLUMNS + " FROM connection WHERE organization_id = :org AND id = :id")
                .bind("org", org.value()).bind("id", id.value())
                .map(this::read).one();
    }

    /** A page of connections ordered by name; {@code namePart} and {@code type} filter when not null. */
    Flux<StoredConnection> page(OrganizationId org, String namePart, DatabaseType type, int page, int size) {
        return filtered("SELECT " + COLUMNS + " FROM connection", org, namePart, type,
                " ORDER BY lower(name), id LIMIT :limit OFFSET :offset")
                .bind("limit", size).bind("offset", (long) page * size)
                .map(this::read).all();
    }

    Mono<Long> count(OrganizationId org, String namePart, DatabaseType type) {
        return filtered("SELECT count(*) FROM connection", org, namePart, type, "")
                .map(r -> r.get(0, Long.class)).one();
    }

    private DatabaseClient.GenericExecuteSpec filtered(String select, OrganizationId org, String namePart, DatabaseType type,
            String tail) {
        // Fixed fragments only; every value is a bind parameter.
        String sql = select + " WHERE organization_id = :org"
                + (namePart != null ? " AND name ILIKE :name ESCAPE '\\'" : "")
                + (type != null ? " AND type = :type" : "")
                + tail;
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("org", org.value());
        if (namePart != null) {
            spec = spec.bind("name", "%" + namePart.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (type != null) {
            spec = spec.bind("type", type.name());
        }
        return spec;
    }

    Mono<Void> insert(StoredConnection c) {
        return db.sql("""
                        INSERT INTO connection (id, organization_id, name, type, host, port, database_name, username,
                            password_ciphertext, password_key_id, ssl_mode, options, revision, created_at, updated_at)
                        VALUES (:id, :org, :name, :type, :host, :port, :database, :username, :cipher, :keyId, :sslMode,
                            CAST(:options AS jsonb), :revision, :createdAt, :updatedAt)
                        """)
                .bind("id", c.id().value()).bind("org", c.organizationId().value()).bind("name", c.name())
                .bind("type", c.spec().type().name()).bind("host", c.spec().host()).bind("port", c.spec().port())
                .bind("database", c.spec().database()).bind("username", c.spec().username())
                .bind("cipher", c.password().ciphertext()).bind("keyId", c.password().keyId())
                .bind("sslMode", c.spec().sslMode().name()).bind("options", json.writeValueAsString(c.spec().options()))
                .bind("revision", c.revision()).bind("createdAt", c.createdAt()).bind("updatedAt", c.updatedAt())
                .then();
    }

    /**
     * Updates when the stored revision is {@code expectedRevision}; emits the rows updated (0 on a lost race). The
     * password columns change only when {@code passwordChanged}: a rename never writes back a ciphertext that key
     * rotation may have replaced meanwhile. A changed target clears the last test result.
     */
    Mono<Long> update(StoredConnection c, long expectedRevision, boolean passwordChanged, boolean targetChanged) {
        String password = passwordChanged ? "password_ciphertext = :cipher, password_key_id = :keyId, " : "";
        String test = targetChanged ? "last_test = NULL, last_tested_at = NULL, " : "";
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE connection SET name = :name, type = :type, host = :host, port = :port, "
                        + "database_name = :database, username = :username, " + password + test + "ssl_mode = :sslMode, "
                        + "options = CAST(:options AS jsonb), revision = :revision, updated_at = :updatedAt "
                        + "WHERE organization_id = :org AND id = :id AND revision = :expected");
        if (passwordChanged) {
            spec = spec.bind("cipher", c.password().ciphertext()).bind("keyId", c.password().keyId());
        }
        return spec
                .bind("id", c.id().value()).bind("org", c.organizationId().value()).bind("name", c.name())
                .bind("type", c.spec().type().name()).bind("host", c.spec().host()).bind("port", c.spec().port())
                .bind("database", c.spec().database()).bind("username", c.spec().username())
                .bind("sslMode", c.spec().sslMode().name()).bind("options", json.writeValueAsString(c.spec().options()))
                .bind("revision", c.revision()).bind("updatedAt", c.updatedAt()).bind("expected", expectedRevision)
                .fetch().rowsUpdated();
    }

    Mono<Long> delete(OrganizationId org, ConnectionId id) {
        return db.sql("DELETE FROM connection WHERE organization_id = :org AND id = :id")
                .bind("org", org.value()).bind("id", id.value()).fetch().rowsUpdated();
    }

    Mono<Void> recordTest(OrganizationId org, ConnectionId id, String resultJson, Instant testedAt) {
        return db.sql("""
                        UPDATE connection SET last_test = CAST(:result AS jsonb), last_tested_at = :at
                        WHERE organization_id = :org AND id = :id
                        """)
                .bind("result", resultJson).bind("at", testedAt).bind("org", org.value()).bind("id", id.value())
                .then();
    }

    private StoredConnection read(Readable r) {
        byte[] cipher = r.get("password_ciphertext", byte[].class);
        String keyId = r.get("password_key_id", String.class);
        String options = r.get("options", String.class);
        ConnectionSpec spec = new ConnectionSpec(DatabaseType.valueOf(r.get("type", String.class)), r.get("host", String.class),
                r.get("port", Integer.class), r.get("database_name", String.class), r.get("username", String.class),
                SslMode.valueOf(r.get("ssl_mode", String.class)),
                options == null ? ConnectionOptions.DEFAULTS : json.readValue(options, ConnectionOptions.class));
        return new StoredConnection(new ConnectionId(r.get("id", UUID.class)), OrganizationId.of(r.get("organization_id", String.class)),
                r.get("name", String.class), spec, cipher == null ? null : new CredentialCipher.Sealed(keyId, cipher),
                r.get("revision", Long.class), r.get("last_test", String.class), instant(r.get("last_tested_at", OffsetDateTime.class)),
                instant(r.get("created_at", OffsetDateTime.class)), instant(r.get("updated_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
