package com.platform.datamigration.localstack;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The servers of one test JVM: one PostgreSQL, one Kafka broker and one token issuer, each started on first use
 * (or reused from {@code POSTGRES_HOST}/{@code KAFKA_BOOTSTRAP_SERVERS}), shared by every test class, and
 * stopped when the JVM exits.
 */
public final class TestStack {

    private static final TestStack INSTANCE = new TestStack();

    private PostgresServer postgres;
    private KafkaServer kafka;
    private DevTokenIssuer tokens;

    private TestStack() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-stack-shutdown"));
    }

    public static TestStack get() {
        return INSTANCE;
    }

    public synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.startOrReuse(System.getenv(), 0);
        }
        return postgres;
    }

    public synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = KafkaServer.startOrReuse(System.getenv(), 0);
        }
        return kafka.bootstrapServers();
    }

    public synchronized DevTokenIssuer tokens() {
        if (tokens == null) {
            tokens = DevTokenIssuer.startOnLoopback(0);
        }
        return tokens;
    }

    /** An admin token of {@code organizationId}. */
    public String adminToken(String organizationId) {
        return tokens().adminToken(organizationId);
    }

    /** The application environment of a service owning {@code database}, as the local stack gives it. */
    public Map<String, String> environment(String database) {
        Map<String, String> env = StackEnvironment.common(postgres(), kafkaBootstrapServers(), tokens());
        env.put("POSTGRES_DB", database);
        return env;
    }

    /**
     * Registers the application environment of a service owning {@code database} (created if missing) with a
     * Spring test context.
     */
    public static void register(DynamicPropertyRegistry registry, String database) {
        TestStack stack = get();
        stack.postgres().createDatabaseIfMissing(database);
        stack.environment(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    private synchronized void stop() {
        if (tokens != null) {
            tokens.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
