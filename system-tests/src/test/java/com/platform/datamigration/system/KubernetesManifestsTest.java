package com.platform.datamigration.system;

import static com.platform.datamigration.system.ApplicationConfiguration.ENV_PLACEHOLDER;
import static com.platform.datamigration.system.ApplicationConfiguration.GATEWAY;
import static com.platform.datamigration.system.ApplicationConfiguration.applicationConfig;
import static com.platform.datamigration.system.ApplicationConfiguration.configurationValues;
import static com.platform.datamigration.system.ApplicationConfiguration.defaultOf;
import static com.platform.datamigration.system.ApplicationConfiguration.list;
import static com.platform.datamigration.system.ApplicationConfiguration.loadAll;
import static com.platform.datamigration.system.ApplicationConfiguration.loadYaml;
import static com.platform.datamigration.system.ApplicationConfiguration.map;
import static com.platform.datamigration.system.ApplicationConfiguration.resources;
import static com.platform.datamigration.system.ApplicationConfiguration.serverPort;
import static com.platform.datamigration.system.ApplicationConfiguration.serviceDefaults;
import static com.platform.datamigration.system.ApplicationConfiguration.strings;
import static com.platform.datamigration.system.ApplicationConfiguration.variablesRead;
import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.Topics;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks deploy/k8s against Kubernetes' rules for the kinds it uses and against the applications' own configuration:
 * every object is well formed, every reference (selector, named port, Secret key, ConfigMap, scale target) lands on
 * something that exists, each application gets the environment variables it reads and none it does not, its probes
 * ask for the health groups it exposes on the port it listens on, and the workers scale within the partitions of
 * run.chunks. No cluster is needed: the files are read as YAML.
 */
class KubernetesManifestsTest {

    private static final String RUN_SERVICE = "run-service";
    private static final String RUN_WORKER = "run-worker";
    private static final List<String> SERVICES =
            List.of("connection-service", "explorer-service", "mapping-service", RUN_SERVICE);
    private static final String SECRET_EXAMPLE = "secret.example.yaml";
    private static final String WORKER_GROUP = "run-workers";

    /** The kinds the manifests may use, with the API version each must name. */
    private static final Map<String, String> API_VERSIONS = Map.of(
            "Namespace", "v1",
            "ConfigMap", "v1",
            "Secret", "v1",
            "Service", "v1",
            "Deployment", "apps/v1",
            "PodDisruptionBudget", "policy/v1",
            "ScaledObject", "keda.sh/v1alpha1");

    /** Variables set although no configuration file names them: read by the JVM itself. */
    private static final Set<String> READ_OUTSIDE_CONFIGURATION = Set.of("JAVA_TOOL_OPTIONS");
    /** Variables whose empty default is a valid setting: lists that may stay empty. */
    private static final Set<String> OPTIONAL = Set.of("DM_CONNECTIONS_ALLOWED_TARGETS", "DM_CONNECTIONS_DENIED_TARGETS");
    /** The documented peak RSS target of a worker (README, Scaling run workers; bench/README.md). */
    private static final long WORKER_MEMORY_TARGET = 512L << 20;

    /** Kubernetes' dependent variables: {@code $(NAME)} in a value is replaced by an earlier variable's value. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?");

    private static Path repo;
    private static Path dir;
    private static Map<String, Object> kustomization;
    /** The objects kustomization.yaml deploys, in file order. */
    private static List<Map<String, Object>> objects;
    private static Map<String, Object> exampleSecret;

    @BeforeAll
    static void loadManifests() throws IOException {
        repo = ApplicationConfiguration.repo();
        dir = repo.resolve("deploy/k8s");
        kustomization = loadYaml(dir.resolve("kustomization.yaml"));
        objects = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"))) {
            List<Object> documents = loadAll(dir.resolve(resource));
            assertThat(documents).as("objects in %s", resource).isNotEmpty();
            documents.forEach(document -> objects.add(map(document)));
        }
        List<Object> secrets = loadAll(dir.resolve(SECRET_EXAMPLE));
        assertThat(secrets).as("%s: one Secret", SECRET_EXAMPLE).hasSize(1);
        exampleSecret = map(secrets.get(0));
        assertThat(objects).as("objects of deploy/k8s").isNotEmpty();
    }

    static List<String> deployments() {
        List<String> deployments = new ArrayList<>(List.of(GATEWAY));
        deployments.addAll(SERVICES);
        deployments.add(RUN_WORKER);
        return deployments;
    }

    // ---------------------------------------------------------------- well formed

    @Test
    void kustomizationDeploysEveryManifestButTheSecretExample() throws IOException {
        List<String> resources = strings(kustomization.get("resources"));
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .filter(name -> !name.equals("kustomization.yaml")).sorted().toList();
        }

        assertThat(resources).as("kustomization.yaml: resources (applying the example would deploy placeholders)")
                .doesNotContain(SECRET_EXAMPLE);
        assertThat(resources).as("kustomization.yaml: resources").containsExactlyInAnyOrderElementsOf(
                files.stream().filter(name -> !name.equals(SECRET_EXAMPLE)).toList());
        assertThat(kustomization.get("namespace")).as("kustomization.yaml: namespace")
                .isEqualTo(name(only("Namespace")));
        assertThat(map(exampleSecret.get("metadata")).get("namespace")).as("%s: namespace", SECRET_EXAMPLE)
                .isEqualTo(kustomization.get("namespace"));
    }

    @Test
    void everyObjectNamesItsApiVersionKindAndAUniqueName() {
        List<Map<String, Object>> all = new ArrayList<>(objects);
        all.add(exampleSecret);
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> object : all) {
            String kind = String.valueOf(object.get("kind"));
            String name = name(object);
            assertThat(API_VERSIONS).as("kind of %s", name).containsKey(kind);
            assertThat(object.get("apiVersion")).as("%s %s: apiVersion", kind, name).isEqualTo(API_VERSIONS.get(kind));
            assertThat(name).as("%s: metadata.name", kind).matches(DNS_LABEL);
            assertThat(seen.add(kind + "/" + name)).as("%s %s: declared once", kind, name).isTrue();
        }
    }

    @Test
    void eachApplicationHasOneDeploymentOfItsModulesImage() {
        assertThat(all("Deployment").stream().map(KubernetesManifestsTest::name).toList()).as("Deployments")
                .containsExactlyInAnyOrderElementsOf(deployments());
        Set<String> imagesNamed = new LinkedHashSet<>();
        for (Object image : list(kustomization.get("images"))) {
            imagesNamed.add(String.valueOf(map(image).get("name")));
        }
        for (String deployment : deployments()) {
            String image = String.valueOf(container(deployment).get("image"));
            String repository = image.replaceFirst(":[^:/]+$", "");
            assertThat(repository).as("%s: image (built from %s's Dockerfile)", deployment, moduleOf(deployment))
                    .isEqualTo("data-migration/" + moduleOf(deployment));
            assertThat(imagesNamed).as("kustomization.yaml: images (where the registry and tag are set)").contains(repository);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void selectorMatchesThePodTemplatesLabels(String deployment) {
        Map<String, Object> spec = spec(deployment(deployment));
        Map<String, Object> matchLabels = map(map(spec.get("selector")).get("matchLabels"));
        Map<String, Object> labels = map(map(map(spec.get("template")).get("metadata")).get("labels"));

        assertThat(matchLabels).as("%s: selector.matchLabels", deployment).isNotEmpty();
        assertThat(labels).as("%s: template labels", deployment).containsAllEntriesOf(matchLabels);
        assertThat(list(map(map(spec.get("template")).get("spec")).get("containers"))).as("%s: containers", deployment)
                .hasSize(1);
    }

    @Test
    void configMapDataAndTriggerMetadataAreStrings() {
        // The API server refuses a ConfigMap value or a KEDA trigger setting written as a YAML number or boolean.
        for (Map<String, Object> configMap : all("ConfigMap")) {
            map(configMap.get("data")).forEach((key, value) -> assertThat(value)
                    .as("ConfigMap %s: %s (quote it)", name(configMap), key).isInstanceOf(String.class));
        }
        for (Object trigger : list(spec(only("ScaledObject")).get("triggers"))) {
            map(map(trigger).get("metadata")).forEach((key, value) -> assertThat(value)
                    .as("ScaledObject: trigger metadata %s (quote it)", key).isInstanceOf(String.class));
        }
    }

    // ---------------------------------------------------------------- containers

    @ParameterizedTest
    @MethodSource("deployments")
    void requestsAndLimitsCpuAndMemory(String deployment) {
        Map<String, Object> resources = map(container(deployment).get("resources"));
        Map<String, Object> requests = map(resources.get("requests"));
        Map<String, Object> limits = map(resources.get("limits"));

        for (String resource : List.of("cpu", "memory")) {
            assertThat(requests).as("%s: resources.requests", deployment).containsKey(resource);
            assertThat(limits).as("%s: resources.limits", deployment).containsKey(resource);
        }
        assertThat(millicores(requests.get("cpu"))).as("%s: cpu request within its limit", deployment)
                .isPositive().isLessThanOrEqualTo(millicores(limits.get("cpu")));
        // The JVM does not give memory back: a request below the limit only invites the node to run out.
        assertThat(bytes(requests.get("memory"))).as("%s: memory request (the limit)", deployment)
                .isPositive().isEqualTo(bytes(limits.get("memory")));
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void probesAskForTheHealthGroupsTheApplicationExposesOnItsPort(String deployment) throws IOException {
        Map<String, Object> container = container(deployment);
        Map<String, String> config = managementConfig(moduleOf(deployment));
        String base = config.getOrDefault("management.endpoints.web.base-path", "/actuator");

        assertThat(strings(config.get("management.endpoints.web.exposure.include"))
                .stream().flatMap(value -> Stream.of(value.split("\\s*,\\s*"))).toList())
                .as("%s: actuator endpoints exposed", moduleOf(deployment)).contains("health");
        assertThat(config.get("management.endpoint.health.probes.enabled")).as("%s: health probes", moduleOf(deployment))
                .isEqualTo("true");
        String managementPort = config.get("management.server.port");
        String port = managementPort == null ? serverPort(moduleOf(deployment))
                : ENV_PLACEHOLDER.matcher(managementPort).matches() ? defaultOf(managementPort) : managementPort;

        Map<String, String> probes = Map.of("readinessProbe", base + "/health/readiness",
                "livenessProbe", base + "/health/liveness");
        for (Map.Entry<String, String> probe : probes.entrySet()) {
            assertThat(container).as("%s: %s", deployment, probe.getKey()).containsKey(probe.getKey());
            assertProbe(deployment, container, probe.getKey(), Set.of(probe.getValue()), port);
        }
        if (container.containsKey("startupProbe")) {
            assertProbe(deployment, container, "startupProbe", Set.copyOf(probes.values()), port);
        }
    }

    private static void assertProbe(String deployment, Map<String, Object> container, String probe, Set<String> paths,
            String port) {
        Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
        assertThat(String.valueOf(httpGet.get("path"))).as("%s: %s path", deployment, probe).isIn(paths);
        assertThat(containerPort(deployment, httpGet.get("port"))).as("%s: %s port (the application's)", deployment, probe)
                .isEqualTo(port);
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void runsAsNonRootWithoutCapabilitiesOnAReadOnlyRootFileSystem(String deployment) {
        Map<String, Object> pod = podSpec(deployment);
        Map<String, Object> podSecurity = map(pod.get("securityContext"));
        Map<String, Object> container = container(deployment);
        Map<String, Object> security = map(container.get("securityContext"));

        Object nonRoot = security.containsKey("runAsNonRoot") ? security.get("runAsNonRoot") : podSecurity.get("runAsNonRoot");
        Object user = security.containsKey("runAsUser") ? security.get("runAsUser") : podSecurity.get("runAsUser");
        assertThat(nonRoot).as("%s: runAsNonRoot", deployment).isEqualTo(true);
        // The images name their user (app), not a uid: without a numeric uid the kubelet cannot verify runAsNonRoot.
        assertThat(user).as("%s: runAsUser", deployment).isInstanceOf(Integer.class);
        assertThat((Integer) user).as("%s: runAsUser", deployment).isPositive();
        assertThat(security.get("allowPrivilegeEscalation")).as("%s: allowPrivilegeEscalation", deployment).isEqualTo(false);
        assertThat(strings(map(security.get("capabilities")).get("drop"))).as("%s: capabilities dropped", deployment)
                .containsExactly("ALL");
        assertThat(strings(map(security.get("capabilities")).get("add"))).as("%s: capabilities added", deployment).isEmpty();
        assertThat(security.get("readOnlyRootFilesystem")).as("%s: readOnlyRootFilesystem", deployment).isEqualTo(true);
        Object seccomp = map(security.containsKey("seccompProfile") ? security.get("seccompProfile")
                : podSecurity.get("seccompProfile")).get("type");
        assertThat(seccomp).as("%s: seccompProfile", deployment).isEqualTo("RuntimeDefault");

        String tmpVolume = null;
        for (Object mount : list(container.get("volumeMounts"))) {
            if ("/tmp".equals(map(mount).get("mountPath"))) {
                tmpVolume = String.valueOf(map(mount).get("name"));
            }
        }
        assertThat(tmpVolume).as("%s: a volume on /tmp (the JVM writes there)", deployment).isNotNull();
        Map<String, Object> volume = null;
        for (Object candidate : list(pod.get("volumes"))) {
            if (tmpVolume.equals(map(candidate).get("name"))) {
                volume = map(candidate);
            }
        }
        assertThat(volume).as("%s: volume %s", deployment, tmpVolume).isNotNull().containsKey("emptyDir");
    }

    // ---------------------------------------------------------------- environment

    @ParameterizedTest
    @MethodSource("deployments")
    void setsTheVariablesTheApplicationReadsWithoutADefault(String deployment) throws IOException {
        Set<String> required = requiredVariables(moduleOf(deployment));
        Map<String, String> env = environment(deployment);

        assertThat(required).as("%s: variables without a usable default", moduleOf(deployment)).isNotEmpty();
        for (String variable : required) {
            assertThat(env.get(variable)).as("%s: environment variable %s", deployment, variable).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void setsNoVariableTheApplicationDoesNotRead(String deployment) throws IOException {
        Set<String> read = variablesRead(moduleOf(deployment));
        Set<String> composing = referencedVariables(deployment);

        for (String variable : environment(deployment).keySet()) {
            assertThat(read.contains(variable) || READ_OUTSIDE_CONFIGURATION.contains(variable) || composing.contains(variable))
                    .as("%s: environment variable %s is read by no configuration of %s, nor composes another (stale?)",
                            deployment, variable, moduleOf(deployment))
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void composedVariablesReferOnlyToVariablesDefinedBeforeThem(String deployment) {
        Set<String> defined = new LinkedHashSet<>();
        for (Object item : list(container(deployment).get("env"))) {
            Map<String, Object> variable = map(item);
            Matcher reference = ENV_REFERENCE.matcher(String.valueOf(variable.getOrDefault("value", "")));
            while (reference.find()) {
                // The kubelet leaves $(NAME) as it is when NAME comes later or not at all.
                assertThat(defined).as("%s: %s refers to $(%s)", deployment, variable.get("name"), reference.group(1))
                        .contains(reference.group(1));
            }
            defined.add(String.valueOf(variable.get("name")));
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void listensWhereItsServiceAndProbesLook(String deployment) throws IOException {
        String port = serverPort(moduleOf(deployment));
        Map<String, String> env = environment(deployment);

        assertThat(containerPort(deployment, "http")).as("%s: container port http (server.port)", deployment).isEqualTo(port);
        if (env.containsKey("SERVER_PORT")) {
            assertThat(env.get("SERVER_PORT")).as("%s: SERVER_PORT", deployment).isEqualTo(port);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void callsOtherApplicationsThroughTheirServices(String deployment) {
        Pattern url = Pattern.compile("http://([a-z0-9-]+):(\\d+)");
        int calls = 0;
        for (Map.Entry<String, String> variable : environment(deployment).entrySet()) {
            if (!variable.getKey().endsWith("_SERVICE_URL")) {
                continue;
            }
            calls++;
            String called = variable.getKey().replace("_URL", "").toLowerCase(Locale.ROOT).replace('_', '-');
            Matcher m = url.matcher(variable.getValue());
            assertThat(m.matches()).as("%s: %s is http://<service>:<port>", deployment, variable.getKey()).isTrue();
            Map<String, Object> service = object("Service", m.group(1));
            assertThat(m.group(1)).as("%s: %s names the Service of %s", deployment, variable.getKey(), called).isEqualTo(called);
            assertThat(selectedDeployments(selector(service))).as("Service %s selects", m.group(1)).containsExactly(called);
            Map<String, Object> servicePort = null;
            for (Object p : list(spec(service).get("ports"))) {
                if (m.group(2).equals(String.valueOf(map(p).get("port")))) {
                    servicePort = map(p);
                }
            }
            assertThat(servicePort).as("%s: %s's port %s on Service %s", deployment, variable.getKey(), m.group(2), called)
                    .isNotNull();
        }
        if (deployment.equals(GATEWAY)) {
            assertThat(calls).as("gateway: one URL per service").isEqualTo(SERVICES.size());
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void usesTheServicesOwnDatabaseAsItsOwnRole(String deployment) throws IOException {
        if (deployment.equals(GATEWAY)) {
            assertThat(environment(deployment)).as("gateway: no database").doesNotContainKey("POSTGRES_DB");
            return;
        }
        Map<String, String> env = environment(deployment);
        String database = defaultOf(applicationConfig(moduleOf(deployment)).get("dm.database"));

        assertThat(env.get("POSTGRES_DB")).as("%s: POSTGRES_DB (dm.database)", deployment).isEqualTo(database);
        assertThat(env.get("POSTGRES_USER")).as("%s: POSTGRES_USER (docker/postgres/init.sql's role)", deployment)
                .isEqualTo(database + "_app");
        assertThat(secretKeyRef(deployment, "POSTGRES_PASSWORD")).as("%s: POSTGRES_PASSWORD from the Secret", deployment)
                .isNotNull();
    }

    @Test
    void eachServiceHasADatabasePasswordOfItsOwn() {
        Map<String, String> keyByDatabase = new LinkedHashMap<>();
        for (String deployment : deployments()) {
            if (deployment.equals(GATEWAY)) {
                continue;
            }
            String database = environment(deployment).get("POSTGRES_DB");
            String key = String.valueOf(secretKeyRef(deployment, "POSTGRES_PASSWORD").get("key"));
            String before = keyByDatabase.putIfAbsent(database, key);
            assertThat(before == null || before.equals(key)).as("%s: the password of %s", deployment, database).isTrue();
        }
        assertThat(Set.copyOf(keyByDatabase.values())).as("Secret keys of the databases' passwords")
                .hasSize(keyByDatabase.size());
    }

    // ---------------------------------------------------------------- secrets and config maps

    /** Variables that carry a secret, as in DockerComposeTest. */
    private static boolean secret(String variable) {
        return variable.contains("PASSWORD") || variable.contains("SECRET") || variable.endsWith("_KEYS")
                || (variable.contains("CREDENTIAL") && !variable.endsWith("_ACTIVE_KEY"));
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void everySecretComesFromTheSecretAndNoneIsWrittenInTheManifests(String deployment) {
        Set<String> fromSecret = new LinkedHashSet<>();
        for (Object item : list(container(deployment).get("env"))) {
            Map<String, Object> variable = map(item);
            String name = String.valueOf(variable.get("name"));
            if (secretKeyRef(deployment, name) != null) {
                fromSecret.add(name);
                continue;
            }
            if (!secret(name)) {
                continue;
            }
            String value = String.valueOf(variable.get("value"));
            Matcher reference = ENV_REFERENCE.matcher(value);
            while (reference.find()) {
                assertThat(fromSecret).as("%s: %s is composed of variables from the Secret", deployment, name)
                        .contains(reference.group(1));
            }
            // What remains around the references: caller names, nothing secret.
            assertThat(ENV_REFERENCE.matcher(value).replaceAll("")).as("%s: %s besides its references", deployment, name)
                    .matches("([a-z0-9-]+:)(,[a-z0-9-]+:)*");
        }
        for (Map<String, Object> configMap : all("ConfigMap")) {
            assertThat(map(configMap.get("data")).keySet()).as("ConfigMap %s: keys", name(configMap))
                    .noneMatch(KubernetesManifestsTest::secret);
        }
    }

    @Test
    void everySecretKeyRefNamesAKeyOfTheExampleSecret() {
        Map<String, Object> example = map(exampleSecret.get("stringData"));
        Set<String> used = new LinkedHashSet<>();
        for (String deployment : deployments()) {
            for (Object item : list(container(deployment).get("env"))) {
                Map<String, Object> ref = secretKeyRef(deployment, String.valueOf(map(item).get("name")));
                if (ref == null) {
                    continue;
                }
                assertThat(ref.get("name")).as("%s: secretKeyRef of %s", deployment, map(item).get("name"))
                        .isEqualTo(name(exampleSecret));
                assertThat(example).as("%s: %s's key", SECRET_EXAMPLE, map(item).get("name")).containsKey(String.valueOf(ref.get("key")));
                used.add(String.valueOf(ref.get("key")));
            }
        }
        assertThat(used).as("keys of %s that some Deployment reads", SECRET_EXAMPLE)
                .containsExactlyInAnyOrderElementsOf(example.keySet());
        example.forEach((key, value) -> assertThat(String.valueOf(value)).as("%s: %s is a placeholder", SECRET_EXAMPLE, key)
                .contains("REPLACE_"));
    }

    @Test
    void theActiveCredentialKeyIsOneOfTheKeys() {
        String keys = String.valueOf(map(exampleSecret.get("stringData"))
                .get(String.valueOf(secretKeyRef("connection-service", "DM_CREDENTIALS_KEYS").get("key"))));
        List<String> ids = Stream.of(keys.split(",")).map(key -> key.substring(0, Math.max(0, key.indexOf(':')))).toList();

        assertThat(ids).as("%s: ids of the credential keys (id:base64)", SECRET_EXAMPLE)
                .contains(environment("connection-service").get("DM_CREDENTIALS_ACTIVE_KEY"));
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void everyConfigMapItReadsExists(String deployment) {
        for (Object source : list(container(deployment).get("envFrom"))) {
            assertThat(map(source)).as("%s: envFrom (ConfigMaps only: secrets are named one by one)", deployment)
                    .containsOnlyKeys("configMapRef");
            object("ConfigMap", String.valueOf(map(map(source).get("configMapRef")).get("name")));
        }
        for (Object item : list(container(deployment).get("env"))) {
            Map<String, Object> ref = map(map(map(item).get("valueFrom")).get("configMapKeyRef"));
            if (!ref.isEmpty()) {
                assertThat(map(object("ConfigMap", String.valueOf(ref.get("name"))).get("data")))
                        .as("%s: configMapKeyRef of %s", deployment, map(item).get("name")).containsKey(String.valueOf(ref.get("key")));
            }
        }
    }

    // ---------------------------------------------------------------- services and disruption budgets

    @Test
    void everyServiceSelectsOneDeploymentAndTargetsANamedPortOfIt() {
        for (Map<String, Object> service : all("Service")) {
            List<String> selected = selectedDeployments(selector(service));
            assertThat(selected).as("Service %s: Deployments selected", name(service)).hasSize(1);
            assertThat(selected).as("Service %s: named after what it selects", name(service)).containsExactly(name(service));
            for (Object item : list(spec(service).get("ports"))) {
                Object target = map(item).get("targetPort");
                assertThat(target).as("Service %s: targetPort (a container port's name)", name(service)).isInstanceOf(String.class);
                containerPort(selected.get(0), target);
            }
        }
        Set<String> withService = new LinkedHashSet<>();
        all("Service").forEach(service -> withService.add(name(service)));
        List<String> expected = new ArrayList<>(List.of(GATEWAY));
        expected.addAll(SERVICES);
        assertThat(withService).as("Services (none for the workers: nothing calls them)").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyDeploymentHasOneDisruptionBudgetThatLetsANodeDrain() {
        Map<String, Integer> budgets = new LinkedHashMap<>();
        for (Map<String, Object> budget : all("PodDisruptionBudget")) {
            List<String> selected = selectedDeployments(map(map(spec(budget).get("selector")).get("matchLabels")));
            assertThat(selected).as("PodDisruptionBudget %s: Deployments selected", name(budget)).hasSize(1);
            budgets.merge(selected.get(0), 1, Integer::sum);
            Map<String, Object> spec = spec(budget);
            assertThat(spec.containsKey("minAvailable") ^ spec.containsKey("maxUnavailable"))
                    .as("PodDisruptionBudget %s: minAvailable or maxUnavailable", name(budget)).isTrue();
            Object replicas = spec(deployment(selected.get(0))).get("replicas");
            if (spec.containsKey("minAvailable")) {
                // A budget as large as the replica count blocks every drain; without a count (the autoscaler's) it may.
                assertThat(replicas).as("PodDisruptionBudget %s: minAvailable needs a fixed replica count", name(budget))
                        .isInstanceOf(Integer.class);
                assertThat((Integer) spec.get("minAvailable")).as("PodDisruptionBudget %s: minAvailable", name(budget))
                        .isLessThan((Integer) replicas);
            } else {
                assertThat(spec.get("maxUnavailable")).as("PodDisruptionBudget %s: maxUnavailable", name(budget))
                        .isInstanceOf(Integer.class).isNotEqualTo(0);
            }
        }
        for (String deployment : deployments()) {
            assertThat(budgets.get(deployment)).as("%s: PodDisruptionBudgets", deployment).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- run-service's roles and the worker's scaling

    @Test
    void runServiceRunsTheApiRoleAndRunWorkerTheWorkerRoleOfOneImage() {
        assertThat(environment(RUN_SERVICE).get("DM_RUN_ROLES")).as("run-service: DM_RUN_ROLES").isEqualTo("api");
        assertThat(environment(RUN_WORKER).get("DM_RUN_ROLES")).as("run-worker: DM_RUN_ROLES").isEqualTo("worker");
        assertThat(container(RUN_WORKER).get("image")).as("run-worker: image").isEqualTo(container(RUN_SERVICE).get("image"));
        assertThat(spec(deployment(RUN_WORKER))).as("run-worker: replicas (the ScaledObject's to set)")
                .doesNotContainKey("replicas");
    }

    @Test
    void theWorkersMemoryFitsTheMeasuredTarget() {
        long limit = bytes(map(map(container(RUN_WORKER).get("resources")).get("limits")).get("memory"));
        String options = environment(RUN_WORKER).getOrDefault("JAVA_TOOL_OPTIONS", "");
        Matcher heap = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([mMgG])(?:\\s|$)").matcher(options);

        assertThat(limit).as("run-worker: memory limit").isLessThanOrEqualTo(WORKER_MEMORY_TARGET);
        assertThat(heap.find()).as("run-worker: a fixed heap (-Xmx) in JAVA_TOOL_OPTIONS").isTrue();
        long xmx = Long.parseLong(heap.group(1)) << (heap.group(2).equalsIgnoreCase("g") ? 30 : 20);
        // Beyond the heap: metaspace, code cache, threads and buffers (about 150 MiB measured).
        assertThat(xmx).as("run-worker: -Xmx leaves room in the limit").isLessThanOrEqualTo(limit / 2);
        assertThat(environment(RUN_WORKER).get("DM_RUN_WORKER_CONCURRENCY")).as("run-worker: slots measured at that memory")
                .isIn(null, "1", "2");
    }

    @Test
    void theWorkersScaleOnTheirGroupsLagWithinTheTopicsPartitions() throws IOException {
        Map<String, Object> scaled = only("ScaledObject");
        Map<String, Object> spec = spec(scaled);
        Map<String, Object> target = map(spec.get("scaleTargetRef"));
        int partitions = runChunksPartitions();

        assertThat(target.get("name")).as("ScaledObject: scaleTargetRef.name").isEqualTo(RUN_WORKER);
        assertThat(target.getOrDefault("kind", "Deployment")).as("ScaledObject: scaleTargetRef.kind").isEqualTo("Deployment");
        assertThat(target.getOrDefault("apiVersion", "apps/v1")).as("ScaledObject: scaleTargetRef.apiVersion").isEqualTo("apps/v1");
        deployment(RUN_WORKER);
        assertThat((Integer) spec.get("minReplicaCount")).as("ScaledObject: minReplicaCount").isNotNull().isGreaterThanOrEqualTo(1);
        assertThat((Integer) spec.get("maxReplicaCount")).as("ScaledObject: maxReplicaCount (partitions of %s: %d)",
                Topics.RUN_CHUNKS, partitions).isNotNull().isLessThanOrEqualTo(partitions)
                .isGreaterThanOrEqualTo((Integer) spec.get("minReplicaCount"));

        List<Object> triggers = list(spec.get("triggers"));
        assertThat(triggers).as("ScaledObject: triggers").hasSize(1);
        Map<String, Object> trigger = map(triggers.get(0));
        Map<String, Object> metadata = map(trigger.get("metadata"));
        assertThat(trigger.get("type")).as("ScaledObject: trigger type").isEqualTo("kafka");
        assertThat(metadata.get("topic")).as("ScaledObject: topic").isEqualTo(Topics.RUN_CHUNKS).isEqualTo("run.chunks");
        assertThat(metadata.get("consumerGroup")).as("ScaledObject: consumerGroup").isEqualTo(WORKER_GROUP);
        assertThat(runServiceSourcesDeclareTheWorkersGroup()).as("run-service's sources: a listener of group %s", WORKER_GROUP)
                .isTrue();
        assertThat(String.valueOf(metadata.get("lagThreshold"))).as("ScaledObject: lagThreshold").matches("[1-9][0-9]*");
        assertThat(metadata.get("bootstrapServers")).as("ScaledObject: bootstrapServers (the workers' Kafka)")
                .isEqualTo(environment(RUN_WORKER).get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(metadata.get("offsetResetPolicy")).as("ScaledObject: offsetResetPolicy (the workers' auto-offset-reset)")
                .isEqualTo(serviceDefaults().get("spring.kafka.consumer.auto-offset-reset"));
        assertThat(String.valueOf(metadata.getOrDefault("allowIdleConsumers", "false")))
                .as("ScaledObject: allowIdleConsumers (a worker without a partition gets no chunk message)").isEqualTo("false");
    }

    /** The partition count run-service creates run.chunks with ({@code dm.kafka.topics}), the same in every module. */
    private static int runChunksPartitions() throws IOException {
        Integer partitions = null;
        for (String module : SERVICES) {
            Object declared = map(map(map(loadYaml(resources(module).resolve("application.yml")).get("dm")).get("kafka"))
                    .get("topics")).get(Topics.RUN_CHUNKS);
            if (declared != null) {
                assertThat(partitions == null || partitions.equals(declared)).as("%s: partitions of %s", module, Topics.RUN_CHUNKS)
                        .isTrue();
                partitions = (Integer) declared;
            }
        }
        assertThat(partitions).as("dm.kafka.topics.\"%s\" in run-service's application.yml", Topics.RUN_CHUNKS).isNotNull();
        return partitions;
    }

    private static boolean runServiceSourcesDeclareTheWorkersGroup() throws IOException {
        try (Stream<Path> sources = Files.walk(repo.resolve("run-service/src/main/java"))) {
            return sources.filter(file -> file.toString().endsWith(".java")).anyMatch(file -> {
                try {
                    String text = Files.readString(file);
                    return text.contains("\"" + WORKER_GROUP + "\"") && text.contains("Topics.RUN_CHUNKS");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    // ---------------------------------------------------------------- the manifests

    private static String moduleOf(String deployment) {
        return deployment.equals(RUN_WORKER) ? RUN_SERVICE : deployment;
    }

    private static List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> object(String kind, String name) {
        List<Map<String, Object>> found = all(kind).stream().filter(object -> name.equals(name(object))).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> deployment(String name) {
        return object("Deployment", name);
    }

    private static String name(Map<String, Object> object) {
        Object name = map(object.get("metadata")).get("name");
        assertThat(name).as("%s: metadata.name", object.get("kind")).isNotNull();
        return String.valueOf(name);
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        return map(object.get("spec"));
    }

    private static Map<String, Object> podSpec(String deployment) {
        return map(map(spec(deployment(deployment)).get("template")).get("spec"));
    }

    private static Map<String, Object> container(String deployment) {
        List<Object> containers = list(podSpec(deployment).get("containers"));
        assertThat(containers).as("%s: containers", deployment).isNotEmpty();
        return map(containers.get(0));
    }

    private static Map<String, Object> selector(Map<String, Object> service) {
        Map<String, Object> selector = map(spec(service).get("selector"));
        assertThat(selector).as("Service %s: selector", name(service)).isNotEmpty();
        return selector;
    }

    /** Deployments whose pods carry every label of the selector. */
    private static List<String> selectedDeployments(Map<String, Object> selector) {
        assertThat(selector).as("a selector").isNotEmpty();
        List<String> selected = new ArrayList<>();
        for (Map<String, Object> deployment : all("Deployment")) {
            Map<String, Object> labels = map(map(map(spec(deployment).get("template")).get("metadata")).get("labels"));
            if (labels.entrySet().containsAll(selector.entrySet())) {
                selected.add(name(deployment));
            }
        }
        return selected;
    }

    /** A container port given by name or number, as the number it is. */
    private static String containerPort(String deployment, Object port) {
        for (Object item : list(container(deployment).get("ports"))) {
            Map<String, Object> declared = map(item);
            if (String.valueOf(port).equals(String.valueOf(declared.get("name")))
                    || String.valueOf(port).equals(String.valueOf(declared.get("containerPort")))) {
                return String.valueOf(declared.get("containerPort"));
            }
        }
        assertThat(port).as("%s: a container port named or numbered %s", deployment, port).isNull();
        return null;
    }

    private static Map<String, Object> secretKeyRef(String deployment, String variable) {
        for (Object item : list(container(deployment).get("env"))) {
            if (variable.equals(map(item).get("name"))) {
                Map<String, Object> ref = map(map(map(item).get("valueFrom")).get("secretKeyRef"));
                return ref.isEmpty() ? null : ref;
            }
        }
        return null;
    }

    /**
     * The container's environment as the application sees it: the ConfigMaps of envFrom first, then env, whose
     * values win. A value from a Secret shows as {@code <secret:key>}; a ConfigMap key's as its value.
     */
    private static Map<String, String> environment(String deployment) {
        Map<String, Object> container = container(deployment);
        Map<String, String> env = new LinkedHashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> ref = map(map(source).get("configMapRef"));
            if (!ref.isEmpty()) {
                map(object("ConfigMap", String.valueOf(ref.get("name"))).get("data"))
                        .forEach((name, value) -> env.put(name, value == null ? "" : String.valueOf(value)));
            }
        }
        for (Object item : list(container.get("env"))) {
            Map<String, Object> variable = map(item);
            Map<String, Object> from = map(variable.get("valueFrom"));
            String value;
            if (from.containsKey("secretKeyRef")) {
                value = "<secret:" + map(from.get("secretKeyRef")).get("key") + ">";
            } else if (from.containsKey("configMapKeyRef")) {
                Map<String, Object> ref = map(from.get("configMapKeyRef"));
                value = String.valueOf(map(object("ConfigMap", String.valueOf(ref.get("name"))).get("data")).get(ref.get("key")));
            } else {
                value = variable.get("value") == null ? "" : String.valueOf(variable.get("value"));
            }
            env.put(String.valueOf(variable.get("name")), value);
        }
        return env;
    }

    /** Names used as {@code $(NAME)} in the container's env values. */
    private static Set<String> referencedVariables(String deployment) {
        Set<String> names = new LinkedHashSet<>();
        for (Object item : list(container(deployment).get("env"))) {
            Matcher m = ENV_REFERENCE.matcher(String.valueOf(map(item).getOrDefault("value", "")));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A memory quantity in bytes ({@code 768Mi}, {@code 512M}, {@code 536870912}). */
    private static long bytes(Object value) {
        Matcher m = QUANTITY.matcher(String.valueOf(value));
        assertThat(m.matches()).as("a memory quantity: %s", value).isTrue();
        double scale = switch (m.group(2) == null ? "" : m.group(2)) {
            case "" -> 1;
            case "k" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> throw new AssertionError("not a memory quantity: " + value);
        };
        return (long) (Double.parseDouble(m.group(1)) * scale);
    }

    /** A CPU quantity in thousandths of a core ({@code 250m}, {@code 2}, {@code 0.5}). */
    private static long millicores(Object value) {
        Matcher m = QUANTITY.matcher(String.valueOf(value));
        assertThat(m.matches() && (m.group(2) == null || m.group(2).equals("m"))).as("a CPU quantity: %s", value).isTrue();
        return (long) (Double.parseDouble(m.group(1)) * (m.group(2) == null ? 1000 : 1));
    }

    // ---------------------------------------------------------------- the applications' configuration

    /** What decides the actuator's endpoints: the shared service defaults, overridden by the module's application.yml. */
    private static Map<String, String> managementConfig(String module) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        if (!module.equals(GATEWAY)) {
            config.putAll(serviceDefaults());
        }
        config.putAll(applicationConfig(module));
        config.keySet().removeIf(key -> !key.startsWith("management."));
        // A list in YAML flattens to key[0], key[1]: join it back as Spring reads it.
        Map<String, String> joined = new LinkedHashMap<>();
        config.forEach((key, value) -> joined.merge(key.replaceFirst("\\[\\d+]$", ""), value, (a, b) -> a + "," + b));
        return joined;
    }

    /**
     * Variables the application cannot do without outside a developer's machine: those whose default (outside the
     * local profile) is empty or points at this machine, and the database user, whose default is the superuser.
     */
    private static Set<String> requiredVariables(String module) throws IOException {
        Set<String> required = new LinkedHashSet<>();
        for (String value : configurationValues(module, false)) {
            Matcher m = ENV_PLACEHOLDER.matcher(value);
            while (m.find()) {
                String fallback = m.group(2) == null ? "" : m.group(2);
                if (fallback.isBlank() || fallback.contains("localhost") || fallback.contains("127.0.0.1")
                        || m.group(1).equals("POSTGRES_USER")) {
                    required.add(m.group(1));
                }
            }
        }
        required.removeAll(OPTIONAL);
        return required;
    }
}
