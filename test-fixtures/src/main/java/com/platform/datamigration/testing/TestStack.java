package com.platform.datamigration.testing;

import com.platform.datamigration.localstack.DevTokenIssuer;
import com.platform.datamigration.localstack.KafkaServer;
import com.platform.datamigration.localstack.MariaDbServer;
import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.ServiceRoles;
import com.platform.datamigration.localstack.StackEnvironment;
import com.platform.datamigration.localstack.StackSecrets;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The servers of one test JVM: one PostgreSQL, one Kafka broker and one token issuer, each started on first use
 * (or reused from {@code POSTGRES_HOST}/{@code KAFKA_BOOTSTRAP_SERVERS}), shared by every test class, and
 * stopped when the JVM exits.
 */
public final class TestStack {

    private static final TestStack INSTANCE = new TestStack();

    private final StackSecrets secrets = StackSecrets.generate();
    private PostgresServer postgres;
    private KafkaServer kafka;
    private DevTokenIssuer tokens;
    private MariaDbServer mariadb;
    private boolean rolesProvisioned;

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

    /** The broker, started if needed; tests of broker outages stop and restart it. */
    public synchronized KafkaServer kafka() {
        kafkaBootstrapServers();
        return kafka;
    }

    public synchronized DevTokenIssuer tokens() {
        if (tokens == null) {
            tokens = DevTokenIssuer.startOnLoopback(0);
        }
        return tokens;
    }

    /**
     * MariaDB for MySQL-family tests: {@code MARIADB_HOST} when set, else a private instance of this machine's
     * mariadbd (see {@link MariaDbServer}).
     */
    public synchronized MariaDbServer mariadb() {
        if (mariadb == null) {
            mariadb = MariaDbServer.startOrReuse(System.getenv());
        }
        return mariadb;
    }

    public StackSecrets secrets() {
        return secrets;
    }

    /** An admin token of {@code organizationId}. */
    public String adminToken(String organizationId) {
        return tokens().adminToken(organizationId);
    }

    /**
     * The application environment of a service owning {@code database}, as the local stack gives it but logged in as
     * the administrative user, so that tests may prepare any database; {@link #serviceEnvironment(Service)} gives the
     * service's own least-privilege role.
     */
    public Map<String, String> environment(String database) {
        Map<String, String> env = StackEnvironment.common(postgres(), kafkaBootstrapServers(), tokens(), secrets,
                StackEnvironment.allowedTargets(postgres(), null));
        env.put("POSTGRES_DB", database);
        return env;
    }

    /**
     * The application environment of {@code service} as the local stack gives it, logging in as the service's own
     * least-privilege role ({@link ServiceRoles}, provisioned on first use, with the platform database seeded).
     */
    public synchronized Map<String, String> serviceEnvironment(Service service) {
        if (!rolesProvisioned) {
            if (postgres().createDatabaseIfMissing(StackEnvironment.PLATFORM_DATABASE)) {
                postgres().runScript(StackEnvironment.PLATFORM_DATABASE, "seed/platform.sql");
            }
            ServiceRoles.provision(postgres(), secrets, StackEnvironment.PLATFORM_DATABASE);
            rolesProvisioned = true;
        }
        return StackEnvironment.withServiceRole(environment(service.database()), service, secrets);
    }

    /**
     * Registers the application environment of {@code service} with a Spring test context, logging in as the service's
     * own least-privilege role, as the local stack runs it.
     */
    public static void registerAs(DynamicPropertyRegistry registry, Service service) {
        get().serviceEnvironment(service).forEach((name, value) -> registry.add(name, () -> value));
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

    /**
     * Like {@link #register(DynamicPropertyRegistry, String)}, for a service whose tests also reach MariaDB as a
     * source: its address joins the connection host policy's allow-list.
     */
    public static void registerWithMariaDb(DynamicPropertyRegistry registry, String database) {
        TestStack stack = get();
        stack.postgres().createDatabaseIfMissing(database);
        Map<String, String> env = stack.environment(database);
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", StackEnvironment.allowedTargets(stack.postgres(), stack.mariadb()));
        env.forEach((name, value) -> registry.add(name, () -> value));
    }

    private synchronized void stop() {
        if (mariadb != null) {
            mariadb.close();
        }
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
