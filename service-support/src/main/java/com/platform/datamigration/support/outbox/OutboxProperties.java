package com.platform.datamigration.support.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay ({@code dm.outbox.*}).
 *
 * @param pollInterval how long the relay sleeps when the outbox is empty
 * @param batchSize    rows published per transaction
 * @param maxBackoff   the longest pause after a failed publication (Kafka unreachable), doubling from pollInterval
 * @param retention    how long published rows are kept before they are deleted
 */
@ConfigurationProperties("dm.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("7d") Duration retention) {
}
