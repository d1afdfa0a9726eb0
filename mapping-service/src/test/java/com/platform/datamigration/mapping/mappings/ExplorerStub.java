package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * explorer-service's internal catalog endpoint as a real HTTP server speaking its contract: the table of a
 * connection's latest snapshot, for the right organization and service credential only.
 */
final class ExplorerStub {

    private final HttpServer server;
    /** connection id + "|" + org + "|" + schema.table → answer JSON. */
    private final Map<String, String> tables = new ConcurrentHashMap<>();

    ExplorerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String expected = TestStack.get().secrets().internalCredential(Service.MAPPING);
        server.createContext("/internal/connections/", exchange -> {
            String connection = exchange.getRequestURI().getPath().split("/")[3];
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String answer = tables.get(connection + "|" + exchange.getRequestHeaders().getFirst("X-Organization-Id") + "|"
                    + query.get("schema") + "." + query.get("name"));
            int status = !expected.equals(exchange.getRequestHeaders().getFirst("X-Service-Credential")) ? 401 : answer == null ? 404 : 200;
            byte[] body = status == 200 ? answer.getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    void add(String connection, String org, String schema, String table, String tableInfoJson) {
        tables.put(connection + "|" + org + "|" + schema + "." + table,
                "{\"snapshotId\":\"" + java.util.UUID.randomUUID() + "\",\"table\":" + tableInfoJson + "}");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
