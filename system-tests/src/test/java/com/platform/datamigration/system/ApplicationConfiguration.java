package com.platform.datamigration.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The applications' configuration as a deployment file must match it, read from the repository: each module's
 * application.yml (flattened to dotted keys), its local profile, and the services' shared service-defaults.properties;
 * and the YAML reading both the configuration and the deployment files need. What DockerComposeTest and
 * KubernetesManifestsTest check a deployment against.
 */
final class ApplicationConfiguration {

    static final String GATEWAY = "gateway";

    /** {@code ${NAME}} or {@code ${NAME:default}} with an environment-style name; {@code ${dm.database}} is not one. */
    static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private static final Path REPO = repoDir();

    private ApplicationConfiguration() {
    }

    /** The repository's root: the build passes it as {@code repo.dir}; a test run from the module falls back on {@code ..}. */
    static Path repo() {
        return REPO;
    }

    private static Path repoDir() {
        String dir = System.getProperty("repo.dir");
        return (dir == null || dir.isBlank() ? Path.of("..") : Path.of(dir)).toAbsolutePath().normalize();
    }

    static Path resources(String module) {
        return REPO.resolve(module).resolve("src/main/resources");
    }

    /** The module's application.yml flattened to dotted keys, e.g. {@code server.port -> ${SERVER_PORT:8081}}. */
    static Map<String, String> applicationConfig(String module) throws IOException {
        return flatten("", loadYaml(resources(module).resolve("application.yml")), new LinkedHashMap<>());
    }

    /** The settings the four services share (service-support's service-defaults.properties). */
    static Map<String, String> serviceDefaults() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(
                REPO.resolve("service-support/src/main/resources/service-defaults.properties"))) {
            props.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> out.put(name, props.getProperty(name)));
        return out;
    }

    /**
     * Every property value of the module's configuration: the shared service defaults (for the four services),
     * application.yml and, if asked for, application-local.yml.
     */
    static List<String> configurationValues(String module, boolean withLocalProfile) throws IOException {
        List<String> values = new ArrayList<>();
        if (!module.equals(GATEWAY)) {
            values.addAll(serviceDefaults().values());
        }
        values.addAll(applicationConfig(module).values());
        Path localProfile = resources(module).resolve("application-local.yml");
        if (withLocalProfile && Files.isRegularFile(localProfile)) {
            values.addAll(flatten("", loadYaml(localProfile), new LinkedHashMap<>()).values());
        }
        return values;
    }

    /** Environment variables named by {@code ${NAME…}} placeholders anywhere in the module's configuration. */
    static Set<String> variablesRead(String module) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String value : configurationValues(module, true)) {
            Matcher m = ENV_PLACEHOLDER.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static String serverPort(String module) throws IOException {
        return defaultOf(applicationConfig(module).get("server.port"));
    }

    /** {@code ${SERVER_PORT:8081}} → {@code 8081}. */
    static String defaultOf(String placeholder) {
        assertThat(placeholder).as("a placeholder with a default").isNotNull();
        Matcher m = ENV_PLACEHOLDER.matcher(placeholder.trim());
        assertThat(m.matches() && m.group(2) != null).as("%s is ${NAME:default}", placeholder).isTrue();
        return m.group(2);
    }

    // ---------------------------------------------------------------- YAML

    /** Every document of a YAML file (a compose file has one, a Kubernetes manifest may have several). */
    static List<Object> loadAll(Path file) throws IOException {
        assertThat(file).as("YAML file").isRegularFile();
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /** The first document of a YAML file as a mapping; empty for an empty file. */
    static Map<String, Object> loadYaml(Path file) throws IOException {
        List<Object> documents = loadAll(file);
        return documents.isEmpty() ? Map.of() : map(documents.get(0));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (node == null) {
            return Map.of();
        }
        assertThat(node).as("a YAML mapping").isInstanceOf(Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) node).forEach((key, value) -> out.put(String.valueOf(key), value));
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        if (node == null) {
            return List.of();
        }
        assertThat(node).as("a YAML sequence").isInstanceOf(List.class);
        return (List<Object>) node;
    }

    /** A YAML sequence (or a single scalar) as strings; nothing for {@code null}. */
    static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof List) {
            ((List<?>) node).forEach(item -> out.add(String.valueOf(item)));
        } else if (node != null) {
            out.add(String.valueOf(node));
        }
        return out;
    }

    /** Nested mappings and sequences to dotted keys: {@code server.port}, {@code spring.routes[0].uri}. */
    static Map<String, String> flatten(String path, Object node, Map<String, String> out) {
        if (node instanceof Map) {
            map(node).forEach((key, value) -> flatten(path.isEmpty() ? key : path + "." + key, value, out));
        } else if (node instanceof List) {
            List<?> items = (List<?>) node;
            for (int i = 0; i < items.size(); i++) {
                flatten(path + "[" + i + "]", items.get(i), out);
            }
        } else {
            out.put(path, String.valueOf(node));
        }
        return out;
    }
}
