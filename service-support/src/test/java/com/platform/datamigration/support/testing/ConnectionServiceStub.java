package com.platform.datamigration.support.testing;

import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * connection-service's internal credentials endpoint, as a real HTTP server speaking its contract: it refuses a
 * wrong service credential and answers 404 for another organization's connection.
 */
public final class ConnectionServiceStub {

    /** A connection the stub knows. */
    record Known(String organization, String json) {
    }

    private final HttpServer server;
    private final Map<String, Known> connections = new ConcurrentHashMap<>();

    /** Accepts the internal credential of {@code caller}. */
    public ConnectionServiceStub(Service caller) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String expected = TestStack.get().secrets().internalCredential(caller);
        server.createContext("/internal/connections/", exchange -> {
            String id = exchange.getRequestURI().getPath().split("/")[3];
            Known known = connections.get(id);
            int status;
            String body = "";
            if (!expected.equals(exchange.getRequestHeaders().getFirst("X-Service-Credential"))) {
                status = 401;
            } else if (known == null || !known.organization().equals(exchange.getRequestHeaders().getFirst("X-Organization-Id"))) {
                status = 404;
            } else {
                status = 200;
                body = known.json();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public void add(String id, String organization, String type, String host, int port, String database, String user, String password) {
        connections.put(id, new Known(organization, "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"host\":\"" + host
                + "\",\"port\":" + port + ",\"database\":\"" + database + "\",\"username\":\"" + user + "\",\"password\":\""
                + password + "\",\"sslMode\":\"DISABLE\",\"options\":{\"connectTimeoutSeconds\":3}}"));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
