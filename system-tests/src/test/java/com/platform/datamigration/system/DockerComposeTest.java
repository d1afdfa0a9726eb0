package com.platform.datamigration.system;

import static com.platform.datamigration.system.ApplicationConfiguration.GATEWAY;
import static com.platform.datamigration.system.ApplicationConfiguration.applicationConfig;
import static com.platform.datamigration.system.ApplicationConfiguration.defaultOf;
import static com.platform.datamigration.system.ApplicationConfiguration.loadYaml;
import static com.platform.datamigration.system.ApplicationConfiguration.map;
import static com.platform.datamigration.system.ApplicationConfiguration.serverPort;
import static com.platform.datamigration.system.ApplicationConfiguration.serviceDefaults;
import static com.platform.datamigration.system.ApplicationConfiguration.strings;
import static com.platform.datamigration.system.ApplicationConfiguration.variablesRead;
import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.StackEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks docker-compose.yml against the applications' own configuration: each application is built from its
 * module, listens where its configuration says, gets the environment variables it reads (and none it does not),
 * finds its database, and starts only once what it needs is healthy.
 */
class DockerComposeTest {

    private static final List<String> SERVICES =
            List.of("connection-service", "explorer-service", "mapping-service", "run-service");
    private static final String RUN_WORKER = "run-worker";

    /** Variables compose must set for every application, and in addition for each of the four services. */
    private static final List<String> REQUIRED_EVERYWHERE = List.of("DM_JWT_ISSUER_URI", "DM_JWK_SET_URI");
    private static final List<String> REQUIRED_FOR_SERVICES = List.of("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER",
            "POSTGRES_PASSWORD", "POSTGRES_DB", "KAFKA_BOOTSTRAP_SERVERS");
    /** Variables compose may set although no configuration file names them (read in code, by the JVM, …). */
    private static final Set<String> READ_OUTSIDE_CONFIGURATION =
            Set.of("SPRING_PROFILES_ACTIVE", "DM_RUN_ROLES", "PLATFORM_DB", "JAVA_TOOL_OPTIONS");

    private static final Pattern CREATE_DATABASE =
            Pattern.compile("CREATE\\s+DATABASE\\s+\"?(\\w+)\"?", Pattern.CASE_INSENSITIVE);
    private static final String HEALTHY = "service_healthy";

    private static Path repo;
    private static Map<String, Object> composeServices;

    @BeforeAll
    static void loadCompose() throws IOException {
        repo = ApplicationConfiguration.repo();
        composeServices = map(loadYaml(repo.resolve("docker-compose.yml")).get("services"));
        assertThat(composeServices).as("services of docker-compose.yml").isNotEmpty();
    }

    /** Compose services that run an application: the gateway, the four services and run-service's workers. */
    static List<String> applications() {
        List<String> applications = new ArrayList<>(List.of(GATEWAY));
        applications.addAll(services());
        return applications;
    }

    /** Compose services that run one of the four services (run-worker runs run-service). */
    static List<String> services() {
        List<String> services = new ArrayList<>(SERVICES);
        services.add(RUN_WORKER);
        return services;
    }

    // ---------------------------------------------------------------- tests

    @ParameterizedTest
    @MethodSource("applications")
    void isBuiltFromItsModulesDockerfile(String service) throws IOException {
        String module = moduleOf(service);
        Path dockerfile = dockerfile(service);

        assertThat(buildContext(service)).as("%s: build context", service).isEqualTo(repo.resolve(module));
        assertThat(dockerfile).as("%s: Dockerfile", service).isRegularFile();
        assertThat(Files.readString(dockerfile)).as("%s: %s copies the module's jar", service, dockerfile)
                .containsPattern("(?m)^COPY\\s+(--\\S+\\s+)*target/" + Pattern.quote(module) + "\\.jar\\s");
    }

    @ParameterizedTest
    @MethodSource("applications")
    void listensOnTheApplicationsServerPort(String service) throws IOException {
        String port = serverPort(moduleOf(service));

        assertThat(Files.readString(dockerfile(service))).as("%s: EXPOSE in its Dockerfile", service)
                .containsPattern("(?m)^EXPOSE\\s+(.*\\s)?" + port + "(/tcp)?(\\s|$)");
        Map<String, String> env = environment(service);
        if (env.containsKey("SERVER_PORT")) {
            assertThat(env.get("SERVER_PORT")).as("%s: SERVER_PORT", service).isEqualTo(port);
        }
        if (service.equals(GATEWAY)) {
            assertThat(containerPorts(service)).as("%s: published container port (server.port)", service)
                    .contains(port);
        }
    }

    @Test
    void onlyTheGatewayPublishesAPort() {
        for (String service : composeServices.keySet()) {
            if (!service.equals(GATEWAY)) {
                assertThat(containerPorts(service)).as("%s: published ports (reachable inside the compose network only)", service)
                        .isEmpty();
            }
        }
        assertThat(containerPorts(GATEWAY)).as("gateway: published ports").hasSize(1);
    }

    /** Variables that carry a secret: compose must take them from the environment, never hold them. */
    private static boolean secret(String variable) {
        return variable.contains("PASSWORD") || variable.contains("SECRET")
                || (variable.contains("CREDENTIAL") && !variable.endsWith("_ACTIVE_KEY"));
    }

    @Test
    void everySecretIsRequiredFromTheEnvironmentAndNoneIsWrittenInTheFile() {
        Pattern required = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]*}");
        int secrets = 0;
        for (String service : composeServices.keySet()) {
            for (Map.Entry<String, String> variable : environment(service).entrySet()) {
                if (!secret(variable.getKey())) {
                    continue;
                }
                secrets++;
                String value = variable.getValue();
                assertThat(value).as("%s: %s comes from a required variable", service, variable.getKey()).containsPattern(required);
                assertThat(value).as("%s: %s has no default", service, variable.getKey()).doesNotContain(":-");
                // What remains around the placeholders: caller names and key ids (caller:${SECRET},…), nothing secret.
                assertThat(required.matcher(value).replaceAll("")).as("%s: %s besides its placeholders", service, variable.getKey())
                        .matches("([a-z0-9-]+:)?(,[a-z0-9-]+:)*");
            }
        }
        assertThat(secrets).as("secret variables in docker-compose.yml").isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("services")
    void connectsAsTheServicesOwnLeastPrivilegeRole(String service) throws IOException {
        Map<String, String> env = environment(service);
        String role = env.get("POSTGRES_DB") + "_app";
        String init = Files.readString(repo.resolve("docker/postgres/init.sql"));

        assertThat(env.get("POSTGRES_USER")).as("%s: POSTGRES_USER", service).isEqualTo(role);
        Matcher password = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):\\?").matcher(env.get("POSTGRES_PASSWORD"));
        assertThat(password.find()).as("%s: POSTGRES_PASSWORD is a required variable", service).isTrue();
        String variable = password.group(1);
        assertThat(environment("postgres")).as("postgres: passes %s to its init script", variable).containsKey(variable);
        Matcher getenv = Pattern.compile("(?m)^\\\\getenv\\s+(\\w+)\\s+" + variable + "\\s*$").matcher(init);
        assertThat(getenv.find()).as("init.sql reads %s", variable).isTrue();
        assertThat(init).as("init.sql: %s, unprivileged, with that password", role).containsPattern("(?m)^CREATE ROLE " + role
                + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'" + getenv.group(1) + "';$");
        assertThat(init).as("init.sql: %s owns %s", role, env.get("POSTGRES_DB"))
                .containsPattern("(?m)^CREATE DATABASE " + env.get("POSTGRES_DB") + " OWNER " + role + ";$");
        assertThat(init).as("init.sql: PUBLIC may not connect to %s", env.get("POSTGRES_DB"))
                .containsPattern("(?m)^REVOKE ALL ON DATABASE .*\\b" + env.get("POSTGRES_DB") + "\\b.* FROM PUBLIC;$");
        assertThat(init).as("init.sql: the platform database gets the local stack's grants")
                .contains("\\i /seed/platform-grants.sql");
    }

    @Test
    void theDevelopmentTokenIssuerRunsOnlyWithTheDevProfile() {
        assertThat(strings(composeService("token-issuer").get("profiles"))).as("token-issuer: profiles").containsExactly("dev");
        for (String service : applications()) {
            Map<String, String> env = environment(service);
            assertThat(env.getOrDefault("SPRING_PROFILES_ACTIVE", "")).as("%s: the local profile trusts a local issuer", service)
                    .doesNotContain("local");
            assertThat(env.get("DM_JWT_ISSUER_URI")).as("%s: DM_JWT_ISSUER_URI", service).startsWith("${DM_JWT_ISSUER_URI:?");
            assertThat(env.get("DM_JWK_SET_URI")).as("%s: DM_JWK_SET_URI", service).startsWith("${DM_JWK_SET_URI:?");
            Object dependsOn = composeService(service).get("depends_on");
            if (dependsOn instanceof Map && map(dependsOn).containsKey("token-issuer")) {
                assertThat(map(map(dependsOn).get("token-issuer")).get("required")).as("%s: depends_on token-issuer required", service)
                        .isEqualTo(false);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void theAllowListedServerIsThePlatformsOwnWhoseDatabasesTheServiceDenies(String service) throws IOException {
        Map<String, String> env = environment(service);
        Map<String, String> defaults = serviceDefaults();
        Map<String, String> config = applicationConfig(moduleOf(service));

        assertThat(env.get("DM_CONNECTIONS_ALLOWED_TARGETS")).as("%s: the demo source's server is allowed", service)
                .contains(env.get("POSTGRES_HOST") + ":" + env.get("POSTGRES_PORT"));
        // The deny rule needs no setting of its own: it is the server the service's own database is on.
        assertThat(defaults.get("dm.connections.deny.own.jdbc-url")).isEqualTo("${spring.flyway.url}");
        assertThat(defaults.get("spring.flyway.url")).contains("${POSTGRES_HOST:").contains("${POSTGRES_PORT:");
        assertThat(defaults.get("dm.connections.deny.targets")).isEqualTo("${DM_CONNECTIONS_DENIED_TARGETS:}");
        if (env.containsKey("PLATFORM_DB")) {
            String prefix = moduleOf(service).equals("run-service") ? "dm.run.target" : "dm.mapping.target";
            if (config.containsKey(prefix + ".jdbc-url")) {
                assertThat(config.get("dm.connections.deny.platform.jdbc-url")).as("%s: the platform database's server is denied", service)
                        .isEqualTo("${" + prefix + ".jdbc-url}");
            }
        }
        assertThat(env.keySet()).as("%s: nothing switches the deny rule off", service)
                .noneMatch(name -> name.startsWith("DM_CONNECTIONS_DENY_") || name.startsWith("DM_CONNECTIONS_DENY."));
    }

    @ParameterizedTest
    @MethodSource("applications")
    void setsTheVariablesTheApplicationReads(String service) throws IOException {
        Set<String> read = variablesRead(moduleOf(service));
        Map<String, String> env = environment(service);

        for (String variable : requiredVariables(moduleOf(service))) {
            assertThat(read).as("%s: the application reads %s", service, variable).contains(variable);
            assertThat(env.get(variable)).as("%s: environment variable %s", service, variable).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void setsNoVariableTheApplicationDoesNotRead(String service) throws IOException {
        Set<String> read = variablesRead(moduleOf(service));

        for (String variable : environment(service).keySet()) {
            assertThat(read.contains(variable) || READ_OUTSIDE_CONFIGURATION.contains(variable))
                    .as("%s: environment variable %s is read by no configuration of %s (stale?)",
                            service, variable, moduleOf(service))
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void usesTheServicesOwnDatabase(String service) throws IOException {
        String database = defaultOf(applicationConfig(moduleOf(service)).get("dm.database"));

        assertThat(environment(service).get("POSTGRES_DB")).as("%s: POSTGRES_DB (dm.database)", service)
                .isEqualTo(database);
    }

    @Test
    void initScriptCreatesEveryDatabaseTheServicesName() throws IOException {
        Set<String> created = databasesCreatedByInitScript();

        for (String service : SERVICES) {
            Map<String, String> env = environment(service);
            assertThat(created).as("%s: POSTGRES_DB created by docker/postgres/init.sql", service)
                    .contains(env.get("POSTGRES_DB"));
            if (env.containsKey("PLATFORM_DB")) {
                assertThat(created).as("%s: PLATFORM_DB created by docker/postgres/init.sql", service)
                        .contains(env.get("PLATFORM_DB"));
            }
        }
        assertThat(created).as("init.sql: the platform and demo source databases")
                .contains(StackEnvironment.PLATFORM_DATABASE, StackEnvironment.LEGACY_DATABASE);
        assertThat(strings(composeService("postgres").get("volumes")))
                .as("postgres: volumes mount docker/postgres/init.sql as an init script")
                .anyMatch(volume -> volume.startsWith("./docker/postgres/init.sql:/docker-entrypoint-initdb.d/"));
    }

    @Test
    void gatewayRoutesToTheComposeServices() throws IOException {
        Map<String, String> env = environment(GATEWAY);

        for (String service : SERVICES) {
            String variable = urlVariable(service);
            assertThat(env.get(variable)).as("gateway: %s", variable)
                    .isEqualTo("http://" + service + ":" + serverPort(service));
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void hasAReadinessHealthcheck(String service) throws IOException {
        Object test = map(composeService(service).get("healthcheck")).get("test");

        assertThat(String.join(" ", strings(test))).as("%s: healthcheck test", service)
                .contains(":" + serverPort(moduleOf(service)) + "/actuator/health/readiness");
    }

    @ParameterizedTest
    @MethodSource("applications")
    void startsOnceWhatItNeedsIsHealthy(String service) {
        Map<String, String> conditions = dependencyConditions(service);
        List<String> needed = service.equals(GATEWAY) ? SERVICES : List.of("postgres", "kafka");

        assertThat(conditions.keySet()).as("%s: depends_on", service).containsAll(needed);
        conditions.forEach((dependency, condition) -> assertThat(condition)
                .as("%s: depends_on %s condition", service, dependency).isEqualTo(HEALTHY));
    }

    @Test
    void runWorkerIsAWorkerOnlyRunServiceWithoutPublishedPorts() {
        assertThat(composeServices).as("compose services").containsKey(RUN_WORKER);
        Map<String, Object> worker = map(composeServices.get(RUN_WORKER));

        assertThat(buildContext(RUN_WORKER)).as("run-worker: build (that of run-service)")
                .isEqualTo(buildContext("run-service"));
        assertThat(environment(RUN_WORKER).get("DM_RUN_ROLES")).as("run-worker: DM_RUN_ROLES").isEqualTo("worker");
        assertThat(strings(worker.get("ports"))).as("run-worker: ports (none, so it scales)").isEmpty();
        assertThat(worker).as("run-worker: container_name (prevents --scale)").doesNotContainKey("container_name");
    }

    // ---------------------------------------------------------------- the applications' configuration

    private static String moduleOf(String composeService) {
        return composeService.equals(RUN_WORKER) ? "run-service" : composeService;
    }

    private static List<String> requiredVariables(String module) {
        List<String> required = new ArrayList<>(REQUIRED_EVERYWHERE);
        if (module.equals(GATEWAY)) {
            SERVICES.forEach(service -> required.add(urlVariable(service)));
        } else {
            required.addAll(REQUIRED_FOR_SERVICES);
        }
        if (module.equals("explorer-service")) {
            required.addAll(List.of("CONNECTION_SERVICE_URL", "DM_INTERNAL_CREDENTIAL", "DM_CONNECTIONS_ALLOWED_TARGETS"));
        }
        if (module.equals("connection-service")) {
            // Without keys it cannot store passwords; without the allow-list it refuses the compose database.
            required.addAll(List.of("DM_CREDENTIALS_KEYS", "DM_CREDENTIALS_ACTIVE_KEY", "DM_CONNECTIONS_ALLOWED_TARGETS"));
        }
        return required;
    }

    /** The gateway's variable for a service's URL: {@code connection-service} → {@code CONNECTION_SERVICE_URL}. */
    private static String urlVariable(String service) {
        return service.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    private static Set<String> databasesCreatedByInitScript() throws IOException {
        Set<String> created = new LinkedHashSet<>();
        Matcher m = CREATE_DATABASE.matcher(Files.readString(repo.resolve("docker/postgres/init.sql")));
        while (m.find()) {
            created.add(m.group(1));
        }
        return created;
    }

    // ---------------------------------------------------------------- docker-compose.yml

    private static Map<String, Object> composeService(String name) {
        assertThat(composeServices).as("compose services").containsKey(name);
        return map(composeServices.get(name));
    }

    /** The build context as a path: {@code build: ./dir} or {@code build: {context: ./dir}}. */
    private static Path buildContext(String service) {
        Object build = composeService(service).get("build");
        assertThat(build).as("%s: build", service).isNotNull();
        Object context = build instanceof Map ? map(build).get("context") : build;
        return repo.resolve(String.valueOf(context)).normalize();
    }

    private static Path dockerfile(String service) {
        Object build = composeService(service).get("build");
        Object name = build instanceof Map ? map(build).get("dockerfile") : null;
        return buildContext(service).resolve(name == null ? "Dockerfile" : String.valueOf(name));
    }

    /** The service's environment, given as a mapping or as a list of {@code NAME=value}. */
    private static Map<String, String> environment(String service) {
        Object environment = composeService(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map) {
            map(environment).forEach((name, value) -> env.put(name, value == null ? "" : String.valueOf(value)));
        } else {
            for (String entry : strings(environment)) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Container side of each published port: {@code "8081:8081"}, {@code "127.0.0.1:8081:8081/tcp"} or long syntax. */
    private static List<String> containerPorts(String service) {
        List<String> ports = new ArrayList<>();
        Object published = composeService(service).get("ports");
        if (published instanceof List) {
            for (Object port : (List<?>) published) {
                String spec = port instanceof Map ? String.valueOf(map(port).get("target")) : String.valueOf(port);
                ports.add(spec.substring(spec.lastIndexOf(':') + 1).replaceFirst("/\\w+$", ""));
            }
        }
        return ports;
    }

    /** depends_on as dependency → condition; the short (list) form has no condition. */
    private static Map<String, String> dependencyConditions(String service) {
        Object dependsOn = composeService(service).get("depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (dependsOn instanceof Map) {
            map(dependsOn).forEach((name, spec) -> conditions.put(name,
                    spec instanceof Map ? String.valueOf(map(spec).get("condition")) : "none"));
        } else {
            strings(dependsOn).forEach(name -> conditions.put(name, "none (short form)"));
        }
        return conditions;
    }
}
