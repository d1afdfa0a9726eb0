package com.platform.datamigration.support.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** The outbox of a publishing service and its relay to Kafka. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    @Bean
    Outbox outbox(DatabaseClient db, JsonMapper json) {
        return new Outbox(db, json);
    }

    @Bean
    @ConditionalOnProperty(name = "dm.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DatabaseClient db, ReactiveTransactionManager transactions, KafkaTemplate<String, byte[]> kafka,
            OutboxProperties props) {
        return new OutboxRelay(db, TransactionalOperator.create(transactions), kafka, props);
    }
}
