package com.platform.datamigration.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server for MySQL-family sources: the one named by {@code MARIADB_HOST}/{@code MARIADB_PORT}/
 * {@code MARIADB_USER}/{@code MARIADB_PASSWORD} when {@code MARIADB_HOST} is set, otherwise a private instance of
 * the machine's own {@code mariadbd} in a temporary data directory, with the binary log in ROW format (change data
 * capture). As root it runs as the {@code mysql} system user, as mariadbd requires. {@link #close()} stops only a
 * server it started.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);
    private static final List<String> SEARCH = List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin",
            "/usr/local/mysql/bin", "/opt/homebrew/bin");

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Process process;
    private final Path dir;

    private MariaDbServer(String host, int port, String user, String password, Process process, Path dir) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.process = process;
        this.dir = dir;
    }

    public static MariaDbServer startOrReuse(Map<String, String> env) {
        String host = env.get("MARIADB_HOST");
        if (host != null && !host.isBlank()) {
            log.info("Using MariaDB at {}:{}", host, env.getOrDefault("MARIADB_PORT", "3306"));
            return new MariaDbServer(host, Integer.parseInt(env.getOrDefault("MARIADB_PORT", "3306")),
                    env.getOrDefault("MARIADB_USER", "root"), env.getOrDefault("MARIADB_PASSWORD", ""), null, null);
        }
        return startEmbedded(Ports.free());
    }

    /** Whether this machine has MariaDB server binaries to start a private instance from. */
    public static boolean binariesAvailable() {
        return find("mariadbd") != null && find("mariadb-install-db") != null;
    }

    public static MariaDbServer startEmbedded(int port) {
        Path server = find("mariadbd");
        Path installDb = find("mariadb-install-db");
        if (server == null || installDb == null) {
            throw new IllegalStateException("No MariaDB server here: install MariaDB (Debian: mariadb-server) "
                    + "or name one with MARIADB_HOST, MARIADB_PORT, MARIADB_USER, MARIADB_PASSWORD");
        }
        long started = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("dm-mariadb-");
            Path data = Files.createDirectories(dir.resolve("data"));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "mysql:mysql", dir.toString()));
            }
            List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            List<String> serve = new ArrayList<>(List.of(server.toString(), "--no-defaults", "--datadir=" + data,
                    "--socket=" + dir.resolve("mariadb.sock"), "--port=" + port, "--bind-address=127.0.0.1",
                    "--pid-file=" + dir.resolve("mariadb.pid"), "--log-bin=" + dir.resolve("binlog"), "--binlog-format=ROW",
                    "--server-id=1", "--innodb-buffer-pool-size=64M", "--max-connections=200", "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_unicode_ci"));
            if (root) {
                install.add("--user=mysql");
                serve.add("--user=mysql");
            }
            run(install);
            Process process = new ProcessBuilder(serve).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mariadb.log").toFile()).start();
            MariaDbServer mariadb = new MariaDbServer("127.0.0.1", port, "root", "", process, dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Ports.isListening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    mariadb.close();
                    throw new IllegalStateException("MariaDB did not start; see " + dir.resolve("mariadb.log"));
                }
                Thread.sleep(100);
            }
            log.info("Started MariaDB on 127.0.0.1:{} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return mariadb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    private static Path find(String binary) {
        List<String> dirs = new ArrayList<>(SEARCH);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream().map(d -> Path.of(d, binary)).filter(Files::isExecutable).findFirst().orElse(null);
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

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + (database == null ? "" : database);
    }

    /** A connection as the administrative user. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log.debug("MariaDB data not removed", e);
            }
        }
    }
}
