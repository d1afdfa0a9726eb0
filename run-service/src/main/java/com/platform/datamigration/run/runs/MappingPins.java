package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.run.privacy.OrganizationSecrets;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.target.TargetTables;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.source.UniformFailureTime;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.web.OrganizationRateLimiter;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a mapping before a run may use it, and freezes what a worker needs of it: the mapping exists in the
 * organization and is not flagged for review, its source connection opens (no more often than the organization's
 * check rate), its tables are still in the catalogs, the target is tenant-scoped and its expressions still compile.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
class MappingPins {

    private final InternalClients clients;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final TargetDatabase targetDb;
    private final TargetTenancy tenancy;
    private final OrganizationRateLimiter checks;
    private final OrganizationSecrets secrets;

    MappingPins(InternalClients clients, ConnectionCredentials credentials, SourceConnector connector, TargetDatabase targetDb,
            TargetTenancy tenancy, ConnectionPolicyProperties policy, OrganizationSecrets secrets) {
        this.secrets = secrets;
        this.clients = clients;
        this.credentials = credentials;
        this.connector = connector;
        this.targetDb = targetDb;
        this.tenancy = tenancy;
        this.checks = new OrganizationRateLimiter("source checks", policy.testsPerMinute(), Clock.systemUTC());
    }

    /** Checks one mapping and freezes it; {@code field} names it in a refusal. */
    Mono<Pinned> pin(OrganizationId org, UUID mappingId, String field) {
        return clients.mapping(org, mappingId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(RunRefusal.unprocessable("MAPPING_NOT_FOUND", field, "No mapping " + mappingId + " in this organization."));
            }
            InternalClients.MappingView m = found.get().mapping();
            if ("NEEDS_REVIEW".equals(m.status())) {
                return Mono.error(RunRefusal.conflict("MAPPING_NEEDS_REVIEW", "The mapping '" + m.name() + "' needs review before it can run: "
                        + String.join(" ", m.reviewReasons()), field, "needs review"));
            }
            Pinned.Spec spec = m.spec();
            return Mono.zip(credentials.of(org, new ConnectionId(spec.source().connectionId())),
                            clients.sourceTable(org, spec.source().connectionId(), spec.source().schema(), spec.source().table()))
                    .flatMap(t -> checks.acquire(org).then(Mono.fromCallable(() -> {
                        long started = System.nanoTime();
                        try (Connection ignored = connector.open(t.getT1()).connection()) {
                            // the connection opens: the source is reachable with these credentials
                        } catch (SourceException e) {
                            if (e.refused()) {
                                throw new FailedCheck(RunRefusal.unprocessable(e.code().name(), field, e.code().message()), Duration.ZERO);
                            }
                            throw new FailedCheck(RunRefusal.conflict("CONNECTION_FAILING", "The source connection of mapping '" + m.name()
                                    + "' fails: " + e.code().message(), field, e.code().name()),
                                    UniformFailureTime.applies(e.code())
                                            ? UniformFailureTime.remaining(started, UniformFailureTime.floor(t.getT1())) : Duration.ZERO);
                        }
                        if (t.getT2().isEmpty()) {
                            throw RunRefusal.conflict("MAPPING_OUT_OF_DATE", "The source table of mapping '" + m.name()
                                    + "' is not in the connection's catalog; explore it again and review the mapping.", field,
                                    "source table missing");
                        }
                        Optional<TargetTable> target;
                        try (Connection c = targetDb.open()) {
                            target = TargetTables.describe(c, spec.target().schema(), spec.target().table());
                        }
                        if (target.isEmpty()) {
                            throw RunRefusal.conflict("MAPPING_OUT_OF_DATE", "The target table of mapping '" + m.name() + "' does not exist.",
                                    field, "target table missing");
                        }
                        if (tenancy.multiTenant() && target.get().column(tenancy.tenantColumn()) == null) {
                            throw RunRefusal.conflict("TARGET_NOT_TENANT_SCOPED", "The target table of mapping '" + m.name()
                                    + "' has no tenant column " + tenancy.tenantColumn()
                                    + ", so it cannot hold rows of one organization apart from another's.", field,
                                    "target table not tenant-scoped");
                        }
                        Pinned pinned = new Pinned(m.id(), m.currentVersion(), spec, t.getT1().type(), t.getT2().get(), target.get(),
                                found.get().lookupTargets());
                        compile(pinned, field, tenancy, secrets.of(org));
                        return pinned;
                    }).subscribeOn(Schedulers.boundedElastic()))
                    // A source that cannot be reached is told no sooner than any such failure, so that POST /runs cannot
                    // time which ports are open.
                    .onErrorResume(FailedCheck.class, f -> Mono.delay(f.delay).then(Mono.error(f.refusal))));
        });
    }

    /** A source check that failed: the refusal, and how long to wait before giving it. */
    private static final class FailedCheck extends RuntimeException {
        final RunRefusal refusal;
        final Duration delay;

        FailedCheck(RunRefusal refusal, Duration delay) {
            super(null, null, false, false);
            this.refusal = refusal;
            this.delay = delay;
        }
    }

    private static void compile(Pinned p, String field, TargetTenancy tenancy, Secrets secrets) {
        List<String> written = new ArrayList<>(p.spec().key());
        p.spec().fields().forEach(f -> written.add(f.target()));
        for (String name : written) {
            if (tenancy.isTenantColumn(name)) {
                throw RunRefusal.conflict("TENANT_FIELD_NOT_MAPPABLE", "The mapping '" + p.spec().name() + "' writes the tenant column "
                        + name + ", which only the platform sets; review it.", field, name);
            }
        }
        Map<String, Type> types = new HashMap<>();
        p.source().columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        Lookups lookups = Lookups.of(p.lookupTargets() == null ? Map.of() : p.lookupTargets(), (t, k) -> Optional.empty());
        try {
            for (Pinned.Field f : p.spec().fields()) {
                if (p.target().column(f.target()) == null) {
                    throw new ExpressionException("INVALID_TARGET", "the target has no field " + f.target());
                }
                Expression.compile(f.expression(), types, lookups, secrets);
            }
            if (p.spec().filter() != null && !p.spec().filter().isBlank()) {
                Expression.compile(p.spec().filter(), types, lookups, secrets);
            }
        } catch (ExpressionException e) {
            throw RunRefusal.conflict("MAPPING_OUT_OF_DATE", "The mapping '" + p.spec().name() + "' no longer fits the catalogs: "
                    + e.getMessage() + "; review it.", field, e.code());
        }
    }
}
