package com.platform.datamigration.run;

import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mapping-service's and explorer-service's internal endpoints as one real HTTP server speaking their contracts:
 * a mapping's current version, and a table of a connection's latest snapshot, for run-service's credential and the
 * right organization only.
 */
final class CatalogStub implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> mappings = new ConcurrentHashMap<>();
    private final Map<String, String> tables = new ConcurrentHashMap<>();

    CatalogStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String expected = TestStack.get().secrets().internalCredential(Service.RUN);
        server.createContext("/internal/mappings/", exchange -> {
            String id = exchange.getRequestURI().getPath().split("/")[3];
            String answer = mappings.get(id + "|" + exchange.getRequestHeaders().getFirst("X-Organization-Id"));
            respond(exchange, expected, answer);
        });
        server.createContext("/internal/connections/", exchange -> {
            String connection = exchange.getRequestURI().getPath().split("/")[3];
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String answer = tables.get(connection + "|" + exchange.getRequestHeaders().getFirst("X-Organization-Id") + "|"
                    + query.get("schema") + "." + query.get("name"));
            respond(exchange, expected, answer);
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String expected, String answer) throws IOException {
        int status = !expected.equals(exchange.getRequestHeaders().getFirst("X-Service-Credential")) ? 401 : answer == null ? 404 : 200;
        byte[] body = status == 200 ? answer.getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** {@code pinnableJson}: {@code {"mapping": {...view...}, "lookupTargets": {...}}}. */
    void mapping(String id, String org, String pinnableJson) {
        mappings.put(id + "|" + org, pinnableJson);
    }

    void table(String connection, String org, String schema, String table, String tableInfoJson) {
        tables.put(connection + "|" + org + "|" + schema + "." + table,
                "{\"snapshotId\":\"" + java.util.UUID.randomUUID() + "\",\"table\":" + tableInfoJson + "}");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
