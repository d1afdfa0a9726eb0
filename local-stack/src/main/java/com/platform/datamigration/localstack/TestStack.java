package com.platform.datamigration.localstack;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The servers of one test JVM: one PostgreSQL, one Kafka broker and one token issuer, started on first use
 * (or reused from {@code POSTGRES_HOST}/{@code KAFKA_BOOTSTRAP_SERVERS}) and shared by every test class, then
 * stopped when the JVM exits.
 */
public final class TestStack {

    private static volatile TestStack instance;

    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final DevTokenIssuer tokens;

    private TestStack() {
        Map<String, String> env = System.getenv();
        this.postgres = PostgresServer.startOrReuse(env, 0);
        this.kafka = KafkaServer.startOrReuse(env, 0);
        this.tokens = DevTokenIssuer.startOnLoopback(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tokens.close();
            kafka.close();
            postgres.close();
        }, "test-stack-shutdown"));
    }

    public static TestStack get() {
        TestStack stack = instance;
        if (stack == null) {
            synchronized (TestStack.class) {
                stack = instance;
                if (stack == null) {
                    stack = new TestStack();
                    instance = stack;
                }
            }
        }
        return stack;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public DevTokenIssuer tokens() {
        return tokens;
    }

    /** An admin token of {@code organizationId}. */
    public String adminToken(String organizationId) {
        return tokens.adminToken(organizationId);
    }

    /** The application environment, as the local stack gives it to a launched process. */
    public Map<String, String> environment(String database) {
        Map<String, String> env = StackEnvironment.common(postgres, kafka.bootstrapServers(), tokens);
        env.put("POSTGRES_DB", database);
        return env;
    }

    /**
     * Registers the application environment of a service owning {@code database} (created if missing) with a
     * Spring test context.
     */
    public static void register(DynamicPropertyRegistry registry, String database) {
        TestStack stack = get();
        stack.postgres.createDatabaseIfMissing(database);
        stack.environment(database).forEach((name, value) -> registry.add(name, () -> value));
    }
}
