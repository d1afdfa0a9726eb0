package com.platform.datamigration.run;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run-service settings ({@code dm.run.*}).
 *
 * @param roles             {@code api} (HTTP, planning, progress, history), {@code worker} (executes chunks), or both
 * @param target            the platform database the runs write into; it also holds the chunk ledger
 * @param workerConcurrency chunks one worker process executes at once
 * @param lease             how long a claimed chunk stays owned without a heartbeat
 * @param chunkSize         rows per chunk when the run does not say
 * @param maxAttempts       attempts of a chunk before the run fails
 * @param progressInterval  how often active runs are looked at (events: on change, and at least once a second)
 * @param maxChunksPerTable the most chunks one mapping's table is split into, whatever its (source-reported) size:
 *                          chunks grow instead, so that no source can make planning loop or the ledger explode
 * @param maxEventStreamsPerOrganization progress streams ({@code GET /runs/{id}/events}) one organization may hold
 *                          open on one api process at once
 * @param workerShutdownGrace how long a stopping worker lets its chunks in flight finish before abandoning them to
 *                          their leases
 */
@ConfigurationProperties("dm.run")
public record RunProperties(
        @DefaultValue({"api", "worker"}) Set<String> roles,
        Target target,
        URI mappingServiceUrl,
        URI explorerServiceUrl,
        @DefaultValue("2") int workerConcurrency,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("100000") int chunkSize,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("250ms") Duration progressInterval,
        @DefaultValue("10000") int maxChunksPerTable,
        @DefaultValue("20") int maxEventStreamsPerOrganization,
        @DefaultValue("20s") Duration workerShutdownGrace) {

    public record Target(String jdbcUrl, String username, String password) {
    }

    public boolean api() {
        return roles.contains("api");
    }

    public boolean worker() {
        return roles.contains("worker");
    }
}
