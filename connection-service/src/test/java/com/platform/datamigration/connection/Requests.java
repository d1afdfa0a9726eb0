package com.platform.datamigration.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Object mother: request bodies for connections, as mutable maps so tests can break one field at a time. */
final class Requests {

    private Requests() {
    }

    static Map<String, Object> postgres(int port) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "legacy clinic " + UUID.randomUUID());
        body.put("type", "POSTGRESQL");
        body.put("host", "127.0.0.1");
        body.put("port", port);
        body.put("database", TestSources.DATABASE);
        body.put("username", TestSources.USER);
        body.put("password", TestSources.PASSWORD);
        body.put("sslMode", "DISABLE");
        body.put("options", Map.of("connectTimeoutSeconds", 3, "applicationName", "dm tests"));
        return body;
    }

    static Map<String, Object> logicalPostgres() {
        return postgres(TestSources.LOGICAL_PG.port());
    }

    static Map<String, Object> mariadb() {
        Map<String, Object> body = postgres(TestSources.MARIADB.port());
        body.put("type", "MARIADB");
        body.put("host", TestSources.MARIADB.host());
        return body;
    }

    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }
}
