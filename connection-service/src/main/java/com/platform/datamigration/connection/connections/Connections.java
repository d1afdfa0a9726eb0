package com.platform.datamigration.connection.connections;

import com.platform.datamigration.connection.credentials.CredentialCipher;
import com.platform.datamigration.connection.usage.ConnectionUsage;
import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.ConnectionDeleted;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.ConnectionUpdated;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.outbox.Outbox;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The connections of an organization. Every change commits together with its event in the outbox. Passwords are
 * encrypted before they reach the repository and decrypted only for a connection test or an internal caller.
 */
@Service
public class Connections {

    private final ConnectionRepository repository;
    private final CredentialCipher cipher;
    private final ConnectionUsage usage;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Connections(ConnectionRepository repository, CredentialCipher cipher, ConnectionUsage usage, Outbox outbox,
            ReactiveTransactionManager transactions) {
        this.repository = repository;
        this.cipher = cipher;
        this.usage = usage;
        this.outbox = outbox;
        this.tx = TransactionalOperator.create(transactions);
    }

    public Mono<StoredConnection> get(OrganizationId org, ConnectionId id) {
        return repository.find(org, id).switchIfEmpty(Mono.error(() -> Problems.notFound("connection", id)));
    }

    /** A page of the organization's connections, and how many match in all. */
    public Mono<Page> page(OrganizationId org, String namePart, DatabaseType type, int page, int size) {
        return repository.page(org, namePart, type, page, size).collectList()
                .zipWith(repository.count(org, namePart, type))
                .map(t -> new Page(t.getT1(), page, size, t.getT2()));
    }

    /** One page of connections. */
    public record Page(List<StoredConnection> items, int page, int size, long totalElements) {
    }

    public Mono<StoredConnection> create(OrganizationId org, String name, ConnectionSpec spec, String password) {
        ConnectionId id = ConnectionId.random();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StoredConnection created = new StoredConnection(id, org, name, spec, cipher.encrypt(org, id, password), 1, null, null,
                now, now);
        return repository.insert(created)
                .then(outbox.append(new ConnectionCreated(id, org, 1, name, spec.type(), spec.host(), spec.port(),
                        spec.database(), now)))
                .as(tx::transactional)
                .onErrorMap(DataIntegrityViolationException.class, e -> nameTaken(name))
                .thenReturn(created);
    }

    /**
     * Replaces a connection's fields. Without a new password the stored one is kept, but only while the connection
     * still points at the same server, database and user: stored credentials never go to a new host.
     */
    public Mono<StoredConnection> update(OrganizationId org, ConnectionId id, String name, ConnectionSpec spec, String password) {
        return get(org, id).flatMap(existing -> {
            if (password == null && !existing.spec().sameTarget(spec)) {
                return Mono.error(Problems.badRequest(List.of(new FieldError("password",
                        "must be entered again when type, host, port, database, username or SSL mode change"))));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            boolean targetChanged = !existing.spec().sameTarget(spec);
            StoredConnection updated = new StoredConnection(id, org, name, spec,
                    password == null ? existing.password() : cipher.encrypt(org, id, password), existing.revision() + 1,
                    targetChanged ? null : existing.lastTest(), targetChanged ? null : existing.lastTestedAt(),
                    existing.createdAt(), now);
            return repository.update(updated, existing.revision(), password != null, targetChanged)
                    .flatMap(rows -> rows == 0
                            ? Mono.error(Problems.conflict("CONCURRENT_UPDATE", "The connection changed meanwhile; reload and retry."))
                            : outbox.append(new ConnectionUpdated(id, org, updated.revision(), name, spec.type(), spec.host(),
                                    spec.port(), spec.database(), password != null, now)))
                    .as(tx::transactional)
                    .onErrorMap(DataIntegrityViolationException.class, e -> nameTaken(name))
                    .thenReturn(updated);
        });
    }

    /** Deletes a connection nothing uses; otherwise 409 listing what uses it. */
    public Mono<Void> delete(OrganizationId org, ConnectionId id) {
        return get(org, id).flatMap(existing -> usage.usersOf(org, id).collectList().flatMap(users -> {
            if (!users.isEmpty()) {
                var conflict = Problems.of(HttpStatus.CONFLICT, "The connection is used by " + users.size()
                        + " mapping(s) or run(s); remove them first.", "CONNECTION_IN_USE", List.of());
                conflict.getBody().setProperty("usedBy", users.stream()
                        .map(u -> Map.of("type", u.type(), "id", u.id().toString(), "name", u.name() == null ? "" : u.name()))
                        .toList());
                return Mono.error(conflict);
            }
            return repository.delete(org, id)
                    .then(outbox.append(new ConnectionDeleted(id, org, existing.revision() + 1, Instant.now())))
                    .as(tx::transactional)
                    .then();
        }));
    }

    /** The decrypted password; for connection tests and internal callers only, kept in memory only. */
    public String password(StoredConnection connection) {
        return cipher.decrypt(connection.organizationId(), connection.id(), connection.password());
    }

    public Mono<Void> recordTest(OrganizationId org, ConnectionId id, String resultJson, Instant testedAt) {
        return repository.recordTest(org, id, resultJson, testedAt);
    }

    private static RuntimeException nameTaken(String name) {
        return Problems.of(HttpStatus.CONFLICT, "A connection named '" + name + "' already exists.", "NAME_TAKEN",
                List.of(new FieldError("name", "is already used by another connection")));
    }
}
