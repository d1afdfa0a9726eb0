package com.platform.datamigration.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development token issuer: RS256 keys generated in memory at start, the public key served as a JWK Set at
 * {@code /jwks}, signed tokens minted in process or at {@code /token?org=…[&permission=false]}. Services trust
 * it only in their {@code local} profile; production points them at the platform's identity provider.
 */
public final class DevTokenIssuer implements AutoCloseable {

    /** The audience every data-migration token carries. */
    public static final String AUDIENCE = "data-migration";
    public static final String ORGANIZATION_CLAIM = "org_id";
    public static final String PERMISSIONS_CLAIM = "permissions";

    private static final Logger log = LoggerFactory.getLogger(DevTokenIssuer.class);

    private final RSAKey key;
    private final RSAKey foreignKey;
    private final HttpServer server;
    private final String issuerUrl;

    private DevTokenIssuer(HttpServer server, String issuerUrl) {
        this.key = generate();
        this.foreignKey = generate();
        this.server = server;
        this.issuerUrl = issuerUrl;
    }

    /**
     * Starts the issuer's HTTP endpoints on {@code bindAddress:port} (0: any port).
     *
     * @param publicUrl the issuer URL written into tokens, or {@code null} for {@code http://127.0.0.1:<port>}
     */
    public static DevTokenIssuer start(String bindAddress, int port, String publicUrl) {
        try {
            InetAddress address = bindAddress == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(bindAddress);
            HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 50);
            String url = publicUrl != null ? publicUrl : "http://127.0.0.1:" + http.getAddress().getPort();
            DevTokenIssuer issuer = new DevTokenIssuer(http, url);
            http.createContext("/jwks", issuer::serveJwks);
            http.createContext("/token", issuer::serveToken);
            http.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "dev-token-issuer");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            log.info("Development token issuer at {}", url);
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the development token issuer", e);
        }
    }

    public static DevTokenIssuer startOnLoopback(int port) {
        return start(null, port, null);
    }

    public String issuerUrl() {
        return issuerUrl;
    }

    public String jwkSetUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String mint(TokenRequest request) {
        Instant now = Instant.now();
        Instant expires = request.expiresAt() != null ? request.expiresAt() : now.plus(Duration.ofHours(1));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(request.issuer() != null ? request.issuer() : issuerUrl)
                .audience(request.audience() != null ? request.audience() : AUDIENCE)
                .subject(request.subject())
                .claim(ORGANIZATION_CLAIM, request.organizationId())
                .claim(PERMISSIONS_CLAIM, request.permissions())
                .issueTime(Date.from(expires.isBefore(now) ? expires.minus(Duration.ofHours(1)) : now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        RSAKey signingKey = request.foreignKey() ? foreignKey : key;
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }

    public String adminToken(String organizationId) {
        return mint(TokenRequest.admin(organizationId));
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "application/jwk-set+json", new JWKSet(key.toPublicJWK()).toString());
    }

    private void serveToken(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String org = query.getOrDefault("org", "demo");
        if (org.isBlank() || org.length() > 128) {
            respond(exchange, 400, "application/problem+json",
                    "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"org must be 1..128 characters\",\"field\":\"org\"}");
            return;
        }
        TokenRequest request = "false".equals(query.get("permission"))
                ? TokenRequest.withoutPermission(org) : TokenRequest.admin(org);
        if (query.containsKey("ttl")) {
            request = request.expiresAt(Instant.now().plusSeconds(Long.parseLong(query.get("ttl"))));
        }
        String token = mint(request);
        respond(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"organization_id\":\"" + org.replace("\"", "") + "\"}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // No kept-alive connections: the JDK server closes idle ones after a while, and a client reusing one just then
        // waits for an answer that never comes.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
