package com.platform.datamigration.support.events;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topics a service creates at startup ({@code dm.kafka.*}).
 *
 * @param topics            topic name to partition count, for every topic the service produces or consumes,
 *                          including its consumer groups' dead-letter topics
 * @param replicationFactor replication of created topics (1 locally; 3 in production)
 */
@ConfigurationProperties("dm.kafka")
public record KafkaProperties(@DefaultValue Map<String, Integer> topics, @DefaultValue("1") short replicationFactor) {
}
