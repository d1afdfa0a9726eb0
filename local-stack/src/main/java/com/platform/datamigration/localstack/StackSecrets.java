package com.platform.datamigration.localstack;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets of one local stack or test JVM, generated at start and never written to disk: the key that encrypts
 * connection passwords, the service credentials of the internal endpoints and the passwords of the services' own
 * database roles.
 */
public record StackSecrets(String credentialKey, String explorerSecret, String runSecret, String mappingSecret,
                           java.util.Map<Service, String> databasePasswords) {

    public static final String CREDENTIAL_KEY_ID = "local-1";

    public static StackSecrets generate() {
        java.util.Map<Service, String> passwords = new java.util.EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            if (service.role() != null) {
                passwords.put(service, random(24));
            }
        }
        return new StackSecrets(random(32), random(24), random(24), random(24), java.util.Map.copyOf(passwords));
    }

    /** The password of the service's own database role ({@link Service#role()}). */
    public String databasePassword(Service service) {
        String password = databasePasswords.get(service);
        if (password == null) {
            throw new IllegalArgumentException(service + " has no database role");
        }
        return password;
    }

    @Override
    public String toString() {
        return "StackSecrets[***]";
    }

    /** The {@code caller:secret} credential a service presents to internal endpoints. */
    public String internalCredential(Service caller) {
        return switch (caller) {
            case EXPLORER -> "explorer-service:" + explorerSecret;
            case RUN -> "run-service:" + runSecret;
            case MAPPING -> "mapping-service:" + mappingSecret;
            default -> throw new IllegalArgumentException(caller + " calls no internal endpoint");
        };
    }

    /** What connection-service accepts on its internal endpoints. */
    public String acceptedInternalCredentials() {
        return internalCredential(Service.EXPLORER) + "," + internalCredential(Service.RUN) + ","
                + internalCredential(Service.MAPPING);
    }

    /** What explorer-service accepts on its internal endpoints. */
    public String explorerAcceptedCredentials() {
        return internalCredential(Service.MAPPING) + "," + internalCredential(Service.RUN);
    }

    /** What mapping-service accepts on its internal endpoints. */
    public String mappingAcceptedCredentials() {
        return internalCredential(Service.RUN);
    }

    public String credentialKeys() {
        return CREDENTIAL_KEY_ID + ":" + credentialKey;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return bytes == 32 ? Base64.getEncoder().encodeToString(b) : Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
