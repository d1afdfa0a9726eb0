package com.platform.datamigration.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables through which the applications find the servers. One definition serves the
 * launched processes and the integration tests, so both configure the applications the same way.
 */
public final class StackEnvironment {

    /** The platform's own database: the target of migrations. */
    public static final String PLATFORM_DATABASE = "platform";
    /** The demo source database. */
    public static final String LEGACY_DATABASE = "legacy_clinic";

    private StackEnvironment() {
    }

    /** {@code host:port} of each server, as the host policy's allow-list takes it. */
    public static String allowedTargets(PostgresServer postgres, MariaDbServer mariadb) {
        String pg = postgres.host() + ":" + postgres.port();
        return mariadb == null ? pg : pg + "," + mariadb.host() + ":" + mariadb.port();
    }

    /** The relaxed spelling Spring also binds to {@code dm.connections.allowed-targets}; it would replace the whole list. */
    public static final String ALLOWED_TARGETS_RELAXED = "DM_CONNECTIONS_ALLOWEDTARGETS";

    /**
     * The stack's own allowed targets followed by those the user set in {@code DM_CONNECTIONS_ALLOWED_TARGETS} (or its
     * relaxed spelling {@value #ALLOWED_TARGETS_RELAXED}), each once: a user's own source is added to what the stack
     * needs, never in place of it.
     */
    public static String allowedTargets(String stack, Map<String, String> userEnvironment) {
        java.util.LinkedHashSet<String> targets = new java.util.LinkedHashSet<>();
        for (String list : new String[] {stack, userEnvironment.get("DM_CONNECTIONS_ALLOWED_TARGETS"),
                userEnvironment.get(ALLOWED_TARGETS_RELAXED)}) {
            if (list == null) {
                continue;
            }
            for (String target : list.split(",")) {
                if (!target.isBlank()) {
                    targets.add(target.strip());
                }
            }
        }
        return String.join(",", targets);
    }

    /**
     * The local stack's secret for the organizations' {@code hmac_sha256} keys (a development value, fixed so hashes stay
     * the same from one start to the next; a real platform sets its own, {@code DM_HMAC_SECRET}).
     */
    public static final String DEVELOPMENT_HMAC_SECRET = "local-development-hmac-secret-not-for-production";

    /** Variables shared by every application. */
    public static Map<String, String> common(PostgresServer postgres, String kafkaBootstrap, DevTokenIssuer issuer,
            StackSecrets secrets, String allowedTargets) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_HOST", postgres.host());
        env.put("POSTGRES_PORT", Integer.toString(postgres.port()));
        env.put("POSTGRES_USER", postgres.user());
        env.put("POSTGRES_PASSWORD", postgres.password());
        env.put("PLATFORM_DB", PLATFORM_DATABASE);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("DM_JWT_ISSUER_URI", issuer.issuerUrl());
        env.put("DM_JWK_SET_URI", issuer.jwkSetUrl());
        env.put("DM_CREDENTIALS_KEYS", secrets.credentialKeys());
        env.put("DM_CREDENTIALS_ACTIVE_KEY", StackSecrets.CREDENTIAL_KEY_ID);
        env.put("DM_INTERNAL_ACCEPTED_CREDENTIALS", secrets.acceptedInternalCredentials());
        // The demo databases listen on loopback, which the host policy refuses unless allowed by address and port.
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", allowedTargets);
        return env;
    }

    /**
     * The service logs in to PostgreSQL as its own role ({@link ServiceRoles}), not as the administrative user; the
     * gateway gets no database login at all.
     */
    public static Map<String, String> withServiceRole(Map<String, String> env, Service service, StackSecrets secrets) {
        if (service.role() == null) {
            env.remove("POSTGRES_USER");
            env.remove("POSTGRES_PASSWORD");
        } else {
            env.put("POSTGRES_USER", service.role());
            env.put("POSTGRES_PASSWORD", secrets.databasePassword(service));
        }
        return env;
    }

    /**
     * Variables of one application when the stack listens from {@code portBase} on; each service logs in as its own
     * role (see {@link #withServiceRole}).
     */
    public static Map<String, String> forService(Service service, Map<String, String> common, StackSecrets secrets,
            int portBase) {
        Map<String, String> env = withServiceRole(new LinkedHashMap<>(common), service, secrets);
        if (service != Service.CONNECTION) {
            env.remove("DM_CREDENTIALS_KEYS");
            env.remove("DM_CREDENTIALS_ACTIVE_KEY");
            env.remove("DM_INTERNAL_ACCEPTED_CREDENTIALS");
        }
        if (service == Service.EXPLORER || service == Service.RUN || service == Service.MAPPING) {
            env.put("DM_INTERNAL_CREDENTIAL", secrets.internalCredential(service));
            env.put(Service.CONNECTION.urlVariable(), "http://127.0.0.1:" + Service.CONNECTION.port(portBase));
        }
        if (service == Service.EXPLORER) {
            env.put("DM_INTERNAL_ACCEPTED_CREDENTIALS", secrets.explorerAcceptedCredentials());
        }
        if (service == Service.MAPPING) {
            env.put(Service.EXPLORER.urlVariable(), "http://127.0.0.1:" + Service.EXPLORER.port(portBase));
            env.put("DM_INTERNAL_ACCEPTED_CREDENTIALS", secrets.mappingAcceptedCredentials());
        }
        if (service == Service.MAPPING || service == Service.RUN) {
            env.put("DM_HMAC_SECRET", DEVELOPMENT_HMAC_SECRET);
        }
        if (service == Service.RUN) {
            env.put(Service.EXPLORER.urlVariable(), "http://127.0.0.1:" + Service.EXPLORER.port(portBase));
            env.put(Service.MAPPING.urlVariable(), "http://127.0.0.1:" + Service.MAPPING.port(portBase));
        }
        env.put("SERVER_PORT", Integer.toString(service.port(portBase)));
        env.put("SPRING_PROFILES_ACTIVE", "local");
        if (service.database() != null) {
            env.put("POSTGRES_DB", service.database());
        }
        if (service == Service.GATEWAY) {
            for (Service downstream : Service.values()) {
                if (downstream != Service.GATEWAY) {
                    env.put(downstream.urlVariable(), "http://127.0.0.1:" + downstream.port(portBase));
                }
            }
        }
        return env;
    }
}
