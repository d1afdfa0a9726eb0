package com.platform.datamigration.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for one downstream service: it records every request it receives (method, path and
 * headers), answers the stepper summary with a configurable total and a DELETE with 204, as the services do.
 */
final class RecordingService {

    record Received(String method, String path, Map<String, List<String>> headers) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    final String name;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile long summaryTotal;
    private final HttpServer server;

    RecordingService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders())));
            // No kept-alive connections: the JDK server closes idle ones, and the gateway's pool must not reuse one then.
            exchange.getResponseHeaders().set("Connection", "close");
            if ("DELETE".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            String body = exchange.getRequestURI().getPath().endsWith("/summary")
                    ? "{\"total\":" + summaryTotal + "}"
                    : "{\"service\":\"" + name + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-" + name);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    /** Not AutoCloseable on purpose: parameterized tests close AutoCloseable arguments after each invocation. */
    void stop() {
        server.stop(0);
    }
}
