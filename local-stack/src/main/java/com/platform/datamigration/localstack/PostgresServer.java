package com.platform.datamigration.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server: the one named by {@code POSTGRES_HOST}/{@code POSTGRES_PORT}/{@code POSTGRES_USER}/
 * {@code POSTGRES_PASSWORD} when {@code POSTGRES_HOST} is set, otherwise an embedded one (zonky binaries, which
 * also work as root) started with {@code wal_level=logical}. {@link #close()} stops only a server it started.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String user;
    /** Set once more when {@link #requirePasswordAuthentication()} gives the superuser a password. */
    private volatile String password;
    private final EmbeddedPostgres embedded;

    private PostgresServer(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** Reuses the server named in {@code env}, or starts an embedded one on {@code preferredPort} (0: any). */
    public static PostgresServer startOrReuse(Map<String, String> env, int preferredPort) {
        String host = env.get("POSTGRES_HOST");
        if (host != null && !host.isBlank()) {
            PostgresServer server = new PostgresServer(host, Integer.parseInt(env.getOrDefault("POSTGRES_PORT", "5432")),
                    env.getOrDefault("POSTGRES_USER", "postgres"), env.getOrDefault("POSTGRES_PASSWORD", ""), null);
            log.info("Using PostgreSQL at {}:{}", server.host, server.port);
            return server;
        }
        return startEmbedded(preferredPort == 0 ? Ports.free() : Ports.preferred(preferredPort));
    }

    /** Starts an embedded server on {@code port} with {@code wal_level=logical}. */
    public static PostgresServer startEmbedded(int port) {
        return startEmbedded(port, "logical");
    }

    /** Starts an embedded server on {@code port} with the given {@code wal_level} ({@code replica}: no CDC). */
    public static PostgresServer startEmbedded(int port, String walLevel) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("wal_level", walLevel)
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            log.info("Started embedded PostgreSQL on 127.0.0.1:{} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return new PostgresServer("127.0.0.1", port, "postgres", "", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean embedded() {
        return embedded != null;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates {@code database} unless it exists. Returns true when it was created. */
    public boolean createDatabaseIfMissing(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect("postgres");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
             Statement st = c.createStatement()) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
            // The name matched DATABASE_NAME above; CREATE DATABASE takes no bind parameters.
            st.execute("CREATE DATABASE " + database);
            return true;
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return false; // created concurrently
            }
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    /** Runs a SQL script from the classpath (a whole script in one simple-query round trip). */
    public void runScript(String database, String classpathResource) {
        try (var in = PostgresServer.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no such resource " + classpathResource);
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try (Connection c = connect(database); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("script " + classpathResource + " failed on " + database, e);
        }
    }

    /**
     * Makes every user authenticate with a password over TCP (the embedded server starts with trust authentication),
     * the administrative one included: it gets a generated password, which {@link #password()} then answers. For
     * servers that must refuse a wrong password, and so that nothing reaching the server over the network (a source
     * connection typed by an admin among them) is the superuser without knowing its password.
     */
    public void requirePasswordAuthentication() {
        if (embedded == null) {
            throw new IllegalStateException("only a server started here can be reconfigured");
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String generated = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            String hbaFile;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            // The generated password is URL-safe base64: nothing in it needs quoting.
            st.execute("ALTER ROLE " + user + " PASSWORD '" + generated + "'");
            java.nio.file.Files.writeString(java.nio.file.Path.of(hbaFile), String.join("\n",
                    "local all all trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    "host replication all 127.0.0.1/32 scram-sha-256", ""));
            st.execute("SELECT pg_reload_conf()");
            password = generated;
        } catch (SQLException e) {
            throw new IllegalStateException("could not require passwords", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements on {@code database} as the administrative user, each on its own. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on " + database + " (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Stops the embedded server as an operator's fast shutdown does (every session is cut, new connections are
     * refused), keeps it down for {@code down}, then starts it again on the same data directory with the same settings
     * and returns once it accepts connections.
     */
    public void restart(Duration down) throws IOException, InterruptedException {
        if (embedded == null) {
            throw new IllegalStateException("only an embedded server is restarted here");
        }
        String portArgument = Integer.toString(port);
        ProcessHandle postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/bin/postgres")).orElse(false))
                .filter(p -> {
                    List<String> args = List.of(p.info().arguments().orElse(new String[0]));
                    int at = args.indexOf("-p");
                    return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(portArgument);
                })
                .findFirst().orElseThrow(() -> new IllegalStateException("no postmaster listening on port " + port));
        List<String> command = new java.util.ArrayList<>();
        command.add(postmaster.info().command().orElseThrow());
        command.addAll(List.of(postmaster.info().arguments().orElseThrow()));
        Map<String, String> environment = new java.util.HashMap<>();
        for (String entry : java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + postmaster.pid() + "/environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        // SIGINT: PostgreSQL's fast shutdown.
        new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
        try {
            postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop", e);
        }
        log.info("Stopped embedded PostgreSQL on port {} (restart)", port);
        Thread.sleep(down.toMillis());
        // Started as the embedded server starts it: pg_ctl in a user namespace (PostgreSQL refuses to run as root), so
        // that its own stop finds it again through the data directory's postmaster.pid.
        List<String> options = new java.util.ArrayList<>(command.subList(1, command.size()));
        int at = options.indexOf("-D");
        String dataDirectory = options.remove(at + 1);
        options.remove(at);
        StringBuilder quoted = new StringBuilder();
        for (String option : options) {
            quoted.append(quoted.isEmpty() ? "" : " ").append('\'').append(option.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder start = new ProcessBuilder("unshare", "-U",
                java.nio.file.Path.of(command.get(0)).resolveSibling("pg_ctl").toString(), "-D", dataDirectory, "-o", quoted.toString(),
                "-l", java.nio.file.Path.of(dataDirectory, "restart.log").toString(), "-w", "-t", "60", "start");
        start.environment().clear();
        start.environment().putAll(environment);
        start.redirectErrorStream(true);
        start.redirectOutput(ProcessBuilder.Redirect.appendTo(java.nio.file.Path.of(dataDirectory, "restart.log").toFile()));
        Process process = start.start();
        // pg_ctl -w returns once the server accepts connections.
        if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("PostgreSQL did not start again: " + java.nio.file.Files.readString(
                    java.nio.file.Path.of(dataDirectory, "restart.log")));
        }
        log.info("Started embedded PostgreSQL on port {} again", port);
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
                log.info("Stopped embedded PostgreSQL on port {}", port);
            } catch (IOException e) {
                log.warn("Stopping embedded PostgreSQL failed", e);
            }
        }
    }
}
