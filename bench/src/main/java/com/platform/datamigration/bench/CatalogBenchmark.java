package com.platform.datamigration.bench;

import com.platform.datamigration.localstack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Discovery of a big catalog, end to end: the whole system is started by the local stack, a source database gets
 * {@code --tables} tables of {@code --columns} columns (mixed types, primary keys, a foreign key per table), a
 * connection is created through the gateway, a discovery is requested and followed until done, and then the
 * paged table search is timed. Prints the discovery time, explorer-service's peak RSS and the search latency.
 */
public final class CatalogBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] TYPES = {"text", "integer", "numeric(12,2)", "timestamptz", "boolean", "varchar(50)", "date",
        "jsonb", "uuid", "bigint"};

    private CatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = Integer.parseInt(option(args, "--tables", "10000"));
        int columns = Integer.parseInt(option(args, "--columns", "10"));
        try (LocalStack stack = BenchStack.create()) {
            stack.start();
            String gateway = BenchStack.api(stack);
            String token = stack.issuer().adminToken("bench");
            stack.postgres().createDatabaseIfMissing("bench_catalog");

            String connection = post(gateway + "/connections", token, "{\"name\":\"bench catalog\",\"type\":\"POSTGRESQL\","
                    + "\"host\":\"" + stack.postgres().host() + "\",\"port\":" + stack.postgres().port()
                    + ",\"database\":\"bench_catalog\",\"username\":\"clinic_reader\",\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}");
            String connectionId = field(connection, "id");
            Thread.sleep(3000); // the automatic discovery of the still empty database

            long created = System.nanoTime();
            createCatalog(stack, tables, columns);
            System.out.printf("Created %d tables x %d columns in %.1f s%n", tables, columns, (System.nanoTime() - created) / 1e9);

            long started = System.nanoTime();
            String discovery = field(post(gateway + "/explore/connections/" + connectionId + "/discover", token, ""), "id");
            String status;
            String body;
            do {
                Thread.sleep(1000);
                body = get(gateway + "/explore/discoveries/" + discovery, token);
                status = field(body, "status");
                System.out.printf("  %5.1f s  %s, %s tables%n", (System.nanoTime() - started) / 1e9, status, number(body, "tablesFound"));
            } while ("RUNNING".equals(status));
            double discoverySeconds = (System.nanoTime() - started) / 1e9;
            String snapshots = get(gateway + "/explore/connections/" + connectionId + "/snapshots", token);
            String latest = snapshots.substring(0, snapshots.indexOf('}') + 1);

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                long t = System.nanoTime();
                get(gateway + "/explore/connections/" + connectionId + "/tables?q=t_0" + (i % 10) + "1&page=1&size=50", token);
                latencies.add((System.nanoTime() - t) / 1_000_000);
            }
            Collections.sort(latencies);
            Properties pids = BenchStack.processes();
            long explorerRss = peakRssKib(Long.parseLong(pids.getProperty("explorer-service.pid")));
            System.out.printf("""

                    RESULT catalog discovery: %s, %s tables, %s columns in %.1f s
                    RESULT explorer-service peak RSS: %d MiB (heap limit 256 MiB)
                    RESULT table search (q, page 2 of 50): median %d ms, max %d ms over %d calls
                    %n""", status, number(latest, "tableCount"), number(latest, "columnCount"), discoverySeconds, explorerRss / 1024,
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1), latencies.size());
        }
    }

    private static void createCatalog(LocalStack stack, int tables, int columns) throws Exception {
        try (Connection c = stack.postgres().connect("bench_catalog"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int t = 0; t < tables; t++) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE t_" + String.format("%05d", t) + " (id bigint PRIMARY KEY");
                for (int col = 1; col < columns; col++) {
                    ddl.append(", c").append(col).append(' ').append(TYPES[col % TYPES.length]);
                }
                if (t > 0) {
                    ddl.append(", parent_id bigint REFERENCES t_").append(String.format("%05d", t - 1)).append(" (id)");
                }
                st.addBatch(ddl.append(")").toString());
                if (t % 500 == 499) {
                    st.executeBatch();
                    c.commit();
                }
            }
            st.executeBatch();
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO clinic_reader");
            c.commit();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String post(String url, String token, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"");
        if (i < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        int start = i + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    private static String number(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":(\\d+).*", "$1");
    }

    private static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
