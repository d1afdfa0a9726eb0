package com.platform.datamigration.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code up} starts the local stack, walks the demo migration through the gateway (unless {@code --no-demo}) and
 * keeps it up until Ctrl-C or {@code down}; {@code token} mints a
 * development token from the running stack; {@code issuer} runs only the token issuer (docker-compose).
 */
public final class LocalStackCli {

    private LocalStackCli() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Map<String, String> flags = flags(args);
        Path stateDir = Path.of(flags.getOrDefault("state-dir", ".local-stack")).toAbsolutePath();
        switch (command) {
            case "up" -> up(flags, stateDir);
            case "down" -> down(stateDir);
            case "token" -> System.out.println(token(stateDir, flags.getOrDefault("org", "demo"), !flags.containsKey("no-permission")));
            case "issuer" -> issuer(flags);
            default -> {
                System.err.println("usage: up [--port-base 8080] [--state-dir DIR] [--repo DIR] [--no-demo] | down | "
                        + "token [--org ORG] [--no-permission] | issuer [--port 9000] [--bind 0.0.0.0] [--public-url URL]");
                System.exit(2);
            }
        }
    }

    private static void up(Map<String, String> flags, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        LocalStack stack = new LocalStack(new LocalStack.Options(
                Path.of(flags.getOrDefault("repo", ".")).toAbsolutePath(), stateDir,
                Integer.parseInt(flags.getOrDefault("port-base", "8080")), !flags.containsKey("no-services"), java,
                flags.getOrDefault("service-heap", "256m")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack…");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        String token = stack.issuer().adminToken("demo");
        System.out.printf("""

                Data Migration is up in %.1f s (%s).
                  Gateway:      %s/api/data-migration
                  Stepper:      curl -H "Authorization: Bearer $TOKEN" %s/api/data-migration/stepper
                  Admin token (organization "demo", valid 1 h):
                  TOKEN=%s
                  More tokens:  ./dm token --org acme [--no-permission]
                  Demo source:  PostgreSQL %s port %d, database legacy_clinic, user clinic_reader, password clinic-demo
                  Logs:         %s
                  Stop:         Ctrl-C, or ./dm down
                READY
                %n""", stack.startupMillis().getOrDefault("total", 0L) / 1000.0, stack.startupMillis(),
                stack.gatewayUrl(), stack.gatewayUrl(), token, stack.postgres().host(), stack.postgres().port(), stack.logDir());
        if (!flags.containsKey("no-demo") && !flags.containsKey("no-services")) {
            try {
                new DemoWalk(stack.gatewayUrl(), token, System.out).run(stack.postgres().host(), stack.postgres().port());
            } catch (Exception e) {
                System.out.println("demo: stopped: " + e.getMessage());
            }
        }
        stopped.await();
    }

    private static void down(Path stateDir) throws IOException {
        Properties state = state(stateDir);
        long pid = Long.parseLong(state.getProperty("launcher.pid"));
        // Only a process that is this launcher: a stale state file must not stop whatever reused the pid.
        ProcessHandle.of(pid).filter(p -> p.info().commandLine().map(c -> c.contains("local-stack")).orElse(false))
                .ifPresentOrElse(p -> {
            p.destroy();
            p.onExit().join();
            System.out.println("Stopped the local stack (launcher pid " + pid + ").");
        }, () -> System.out.println("The local stack is not running."));
    }

    static String token(Path stateDir, String org, boolean permission) throws IOException, InterruptedException {
        Properties state = state(stateDir);
        URI uri = URI.create(state.getProperty("issuer.url") + "/token?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8)
                + (permission ? "" : "&permission=false"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int start = body.indexOf("\"access_token\":\"");
        if (response.statusCode() != 200 || start < 0) {
            throw new IllegalStateException("the token issuer answered " + response.statusCode() + ": " + body);
        }
        start += "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private static void issuer(Map<String, String> flags) throws InterruptedException {
        DevTokenIssuer issuer = DevTokenIssuer.start(flags.getOrDefault("bind", "0.0.0.0"),
                Integer.parseInt(flags.getOrDefault("port", "9000")), flags.get("public-url"));
        System.out.println("Token issuer " + issuer.issuerUrl() + " (JWKS at /jwks, tokens at /token?org=…)");
        new CountDownLatch(1).await();
    }

    private static Properties state(Path stateDir) throws IOException {
        Path file = stateDir.resolve("stack.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no local stack is running from " + stateDir + " (no stack.properties)");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        return props;
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                flags.put(name, hasValue ? args[++i] : "true");
            }
        }
        return flags;
    }
}
