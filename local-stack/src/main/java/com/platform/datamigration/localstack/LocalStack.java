package com.platform.datamigration.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: servers (started or reused), the demo databases, the token issuer and the
 * five applications as separate processes. {@link #close()} stops everything it started, and nothing else.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final Options options;
    private final List<Process> processes = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaServer kafka;
    private DevTokenIssuer issuer;
    private final Map<String, Long> startupMillis = new LinkedHashMap<>();

    /**
     * @param repoDir    the checkout whose built application jars are launched
     * @param stateDir   logs and the stack's state file
     * @param portBase   gateway port; services listen on base+1..base+4, the issuer on base+10
     * @param services   false: servers, databases and issuer only
     */
    public record Options(Path repoDir, Path stateDir, int portBase, boolean services, String javaCommand,
                          String serviceHeap) {
    }

    public LocalStack(Options options) {
        this.options = options;
    }

    public Map<String, Long> startupMillis() {
        return startupMillis;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + Service.GATEWAY.port(options.portBase());
    }

    /** Where the demo source database is, for the printed walk-through. */
    public PostgresServer postgres() {
        return postgres;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public DevTokenIssuer issuer() {
        return issuer;
    }

    public Path logDir() {
        return options.stateDir().resolve("logs");
    }

    /** Starts everything; returns once every application reports readiness. */
    public void start() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.createDirectories(logDir());
        Map<String, String> env = System.getenv();
        CompletableFuture<PostgresServer> pg = CompletableFuture.supplyAsync(() -> PostgresServer.startOrReuse(env, 5432));
        CompletableFuture<KafkaServer> broker = CompletableFuture.supplyAsync(() -> KafkaServer.startOrReuse(env, 9092));
        issuer = DevTokenIssuer.startOnLoopback(options.portBase() + 10);
        postgres = pg.join();
        kafka = broker.join();
        startupMillis.put("servers", elapsed(t0));

        for (Service service : Service.values()) {
            if (service.database() != null) {
                postgres.createDatabaseIfMissing(service.database());
            }
        }
        if (postgres.createDatabaseIfMissing(StackEnvironment.LEGACY_DATABASE)) {
            postgres.runScript(StackEnvironment.LEGACY_DATABASE, "seed/legacy_clinic.sql");
        }
        if (postgres.createDatabaseIfMissing(StackEnvironment.PLATFORM_DATABASE)) {
            postgres.runScript(StackEnvironment.PLATFORM_DATABASE, "seed/platform.sql");
        }
        if (postgres.embedded()) {
            // Like a real server: every login needs its password, the administrative one's generated here.
            postgres.requirePasswordAuthentication();
        }
        StackSecrets secrets = StackSecrets.generate();
        // Each service logs in as its own least-privilege role, never as the administrative user.
        ServiceRoles.provision(postgres, secrets, StackEnvironment.PLATFORM_DATABASE);
        startupMillis.put("databases", elapsed(t0));
        writeState(Map.of());
        if (!options.services()) {
            return;
        }

        Map<String, String> common = StackEnvironment.common(postgres, kafka.bootstrapServers(), issuer, secrets,
                StackEnvironment.allowedTargets(StackEnvironment.allowedTargets(postgres, null), env));
        Map<Service, Process> launched = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            launched.put(service, launch(service, StackEnvironment.forService(service, common, secrets, options.portBase())));
        }
        writeState(launched.entrySet().stream().collect(
                Collectors.toMap(e -> e.getKey().module() + ".pid", e -> Long.toString(e.getValue().pid()))));
        for (Map.Entry<Service, Process> entry : launched.entrySet()) {
            awaitReady(entry.getKey(), entry.getValue(), t0);
        }
        startupMillis.put("total", elapsed(t0));
    }

    private Process launch(Service service, Map<String, String> env) throws IOException {
        Path jar = options.repoDir().resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        Path logFile = logDir().resolve(service.module() + ".log");
        // A worker streams rows: nearly everything it allocates dies young. Its heap is committed from the start with a
        // young generation as large as the old one, so rows in flight are not promoted and the old generation does not
        // fill (with the default sizing it ran a full collection every second on the decode path).
        List<String> command = new ArrayList<>(List.of(options.javaCommand(),
                "-Xms" + (service == Service.RUN ? options.serviceHeap() : "64m"), "-Xmx" + options.serviceHeap(),
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        if (service != Service.RUN) {
            // Five JVMs start at once on a small machine: the quick compiler halves their start-up time, and only
            // run workers need peak throughput.
            command.add("-XX:TieredStopAtLevel=1");
        } else {
            command.add("-XX:NewRatio=1");
        }
        String profileDir = System.getenv("DM_PROFILE_DIR");
        if (profileDir != null && !profileDir.isBlank()) {
            // Profiling: a flight recording per service, written when the stack stops (inspect with `jfr`).
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of(profileDir).toAbsolutePath().resolve(service.module() + ".jfr"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        // Merged into DM_CONNECTIONS_ALLOWED_TARGETS above; left in place, Spring would bind it over the merged list.
        pb.environment().remove(StackEnvironment.ALLOWED_TARGETS_RELAXED);
        pb.redirectErrorStream(true);
        pb.redirectOutput(logFile.toFile());
        Process process = pb.start();
        processes.add(process);
        log.info("Started {} (pid {}) on port {}, log {}", service.module(), process.pid(),
                service.port(options.portBase()), logFile);
        return process;
    }

    private void awaitReady(Service service, Process process, long t0) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI readiness = URI.create("http://127.0.0.1:" + service.port(options.portBase()) + "/actuator/health/readiness");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + process.exitValue() + "; see "
                        + logDir().resolve(service.module() + ".log") + "\n" + tail(service));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    startupMillis.put(service.module(), elapsed(t0));
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.module() + " not ready after " + READY_TIMEOUT + "\n" + tail(service));
    }

    private String tail(Service service) {
        try {
            List<String> lines = Files.readAllLines(logDir().resolve(service.module() + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void writeState(Map<String, String> pids) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("launcher.pid", Long.toString(ProcessHandle.current().pid()));
        state.put("gateway.url", gatewayUrl());
        state.put("issuer.url", issuer.issuerUrl());
        state.put("postgres", postgres == null ? "" : postgres.host() + ":" + postgres.port());
        state.put("kafka", kafka == null ? "" : kafka.bootstrapServers());
        state.put("logs", logDir().toString());
        state.putAll(pids);
        if (postgres != null && postgres.embedded()) {
            // The generated administrative password of a server this stack started, for its operator (psql, tests);
            // the state file is readable by its owner only.
            state.put("postgres.user", postgres.user());
            state.put("postgres.password", postgres.password());
        }
        String text = state.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        try {
            Path file = options.stateDir().resolve("stack.properties");
            if (!Files.exists(file)) {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.writeString(options.stateDir().resolve("stack.properties"), text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (issuer != null) {
            issuer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        try {
            Files.deleteIfExists(options.stateDir().resolve("stack.properties"));
        } catch (IOException e) {
            log.debug("state file not removed", e);
        }
    }
}
