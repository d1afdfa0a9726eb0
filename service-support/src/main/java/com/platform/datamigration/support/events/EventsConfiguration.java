package com.platform.datamigration.support.events;

import com.platform.datamigration.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Topics created at startup, and consumers that survive bad records: a record that fails after retries, or
 * at once when it is malformed, goes to its consumer group's dead-letter topic ({@code <group>.dlt}) and the
 * consumer moves on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaProperties.class)
public class EventsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventsConfiguration.class);

    @Bean
    KafkaAdmin.NewTopics dataMigrationTopics(KafkaProperties props) {
        return new KafkaAdmin.NewTopics(props.topics().entrySet().stream()
                .map(t -> new NewTopic(t.getKey(), t.getValue(), props.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    DefaultErrorHandler deadLetterErrorHandler(KafkaTemplate<String, byte[]> kafka) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka, (record, ex) -> {
            String group = KafkaUtils.getConsumerGroupId();
            log.warn("Record {}-{}@{} of group {} goes to its dead-letter topic: {}", record.topic(), record.partition(),
                    record.offset(), group, ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage());
            return new TopicPartition(Topics.deadLetterTopic(group == null ? "unknown-group" : group), -1);
        });
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxElapsedTime(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }

    @Bean
    EventReader eventReader(JsonMapper json) {
        return new EventReader(json);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(DatabaseClient db, ReactiveTransactionManager transactions) {
        return new IdempotentConsumer(db, TransactionalOperator.create(transactions));
    }
}
