package com.platform.datamigration.bench;


import com.platform.datamigration.localstack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The full-load benchmark of {@code ../shared/bench} (copied to {@code bench/data}): the 1,000,000-row
 * {@code legacy_patients} table into the platform's {@code patient} table with the benchmark mapping, through the
 * gateway, side by side in one run with the raw pipe ({@code psql COPY (SELECT mapped…) TO STDOUT | psql COPY … FROM
 * STDIN}, binary) on the same servers, and with pgloader when the machine has it. Each variant runs
 * {@code --repeat} times, alternating, into a truncated target; medians are reported.
 */
final class RunBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The mapping in SQL, then the organization that a run sets in the tenant column (the token's, {@code bench}). */
    static final String MAPPED_SELECT = """
            SELECT patient_id, mrn, btrim(first_nm), last_nm, to_date(dob_txt,'MM/DD/YYYY'),
               CASE sex_cd WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' ELSE 'unknown' END, email_addr, phone_no,
               balance_txt::numeric(12,2), is_active <> 0, created_ts AT TIME ZONE 'UTC', coalesce(notes,''), 'bench'
               FROM legacy_patients""";

    private RunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(option(args, "--rows", "1000000"));
        int repeat = Integer.parseInt(option(args, "--repeat", "3"));
        boolean decode = !List.of(args).contains("--skip-decode");
        // A copy of the table with one impossible birth date every this many rows: the engine on dirty data, same run.
        int dirtyEvery = Integer.parseInt(option(args, "--dirty-every", "1000"));
        String engineOptions = option(args, "--options", "{\"reconcile\":false}");
        try (LocalStack stack = BenchStack.create()) {
            stack.start();
            String gateway = BenchStack.api(stack);
            String token = stack.issuer().adminToken("bench");
            var pg = stack.postgres();
            stackPostgres = pg;
            Properties pids = BenchStack.processes();
            Map<Long, String> names = new HashMap<>();
            pids.forEach((k, v) -> {
                if (k.toString().endsWith(".pid")) {
                    names.put(Long.parseLong(v.toString()), k.toString().replace(".pid", ""));
                }
            });
            serviceNames = names;
            String base = "postgresql://" + pg.user() + ":" + pg.password() + "@" + pg.host() + ":" + pg.port() + "/";
            String src = base + "bench_source";
            String dst = base + "platform";
            pg.createDatabaseIfMissing("bench_source");
            long t0 = System.nanoTime();
            sh("psql -q -v ON_ERROR_STOP=1 -v rows=" + rows + " -f bench/data/legacy_patients.sql '" + src + "'");
            if (dirtyEvery > 0) {
                sh("psql -q -v ON_ERROR_STOP=1 -c 'DROP TABLE IF EXISTS legacy_patients_dirty; CREATE TABLE legacy_patients_dirty "
                        + "(LIKE legacy_patients INCLUDING ALL); INSERT INTO legacy_patients_dirty SELECT * FROM legacy_patients; "
                        + "UPDATE legacy_patients_dirty SET dob_txt = $$02/30/1999$$ WHERE patient_id % " + dirtyEvery + " = 0; "
                        + "ANALYZE legacy_patients_dirty' '" + src + "'");
            }
            sh("psql -q -v ON_ERROR_STOP=1 -c 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO clinic_reader' '" + src + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -c 'DROP TABLE IF EXISTS appointment, patient CASCADE' '" + dst + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -f bench/data/platform_patient.sql '" + dst + "'");
            System.out.printf("Source of %,d rows and target created in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);

            String connection = field(post(gateway + "/connections", token, "{\"name\":\"bench source\",\"type\":\"POSTGRESQL\","
                    + "\"host\":\"" + pg.host() + "\",\"port\":" + pg.port()
                    + ",\"database\":\"bench_source\",\"username\":\"clinic_reader\",\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}"), "id");
            long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!discovered(gateway + "/explore/connections/" + connection + "/tables?q=legacy_patients", token)) {
                if (System.nanoTime() > waitUntil) {
                    throw new IllegalStateException("the source was not discovered");
                }
                Thread.sleep(500);
            }
            StringBuilder fields = new StringBuilder();
            for (String[] rule : new String[][] {
                {"id", "patient_id"}, {"medical_record_number", "mrn"}, {"given_name", "trim(first_nm)"}, {"family_name", "last_nm"},
                {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"}, {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"},
                {"email", "email_addr"}, {"phone", "phone_no"}, {"balance", "to_decimal(balance_txt, 12, 2)"}, {"active", "is_active <> 0"},
                {"created_at", "utc(created_ts)"}, {"notes", "coalesce(notes, '')"}}) {
                fields.append(fields.length() == 0 ? "" : ",").append("{\"target\":\"").append(rule[0]).append("\",\"expression\":\"")
                        .append(rule[1].replace("\"", "\\\"")).append("\"}");
            }
            String mapping = field(post(gateway + "/mappings", token, "{\"name\":\"bench patients\",\"source\":{\"connectionId\":\""
                    + connection + "\",\"schema\":\"public\",\"table\":\"legacy_patients\"},\"target\":{\"schema\":\"public\",\"table\":"
                    + "\"patient\"},\"key\":[\"id\"],\"onConflict\":\"UPSERT\",\"fields\":[" + fields + "]}"), "id");
            String dirtyMapping = dirtyEvery <= 0 ? null : field(post(gateway + "/mappings", token, "{\"name\":\"bench dirty patients\","
                    + "\"source\":{\"connectionId\":\"" + connection + "\",\"schema\":\"public\",\"table\":\"legacy_patients_dirty\"},"
                    + "\"target\":{\"schema\":\"public\",\"table\":\"patient\"},\"key\":[\"id\"],\"onConflict\":\"UPSERT\",\"fields\":["
                    + fields + "]}"), "id");

            try (KafkaConsumer<String, byte[]> events = consumer(stack)) {
                Map<String, List<Double>> seconds = new LinkedHashMap<>();
                List<String> runIds = new ArrayList<>();
                String truncate = "psql -q -c 'TRUNCATE patient' '" + dst + "'";
                boolean pgloader = !List.of(args).contains("--skip-pgloader") && sh("command -v pgloader >/dev/null") == 0;
                if (!List.of(args).contains("--no-warmup")) {
                    // The services are long-running: their JIT-compiled code is warm in production. Two rounds of the engine
                    // variants first, not counted, so the figures are not those of a cold JVM (after one round the compiler
                    // threads still used a third of run-service's CPU time).
                    System.out.println("Warm-up (not counted):");
                    for (int w = 0; w < 2; w++) {
                        sh(truncate);
                        run(gateway, token, mapping, engineOptions, new ArrayList<>());
                        if (decode) {
                            sh(truncate);
                            run(gateway, token, mapping, "{\"reconcile\":false,\"pushdown\":false}", new ArrayList<>());
                        }
                    }
                }
                for (int i = 0; i < repeat; i++) {
                    sh(truncate);
                    Map<String, Long> rawCpu = cpuByProcess();
                    seconds.computeIfAbsent("raw pipe", k -> new ArrayList<>()).add(timed(() -> sh("psql -q -c \"COPY ("
                            + MAPPED_SELECT.replace("\n", " ") + ") TO STDOUT (FORMAT binary)\" '" + src + "' | psql -q -c \"COPY patient FROM "
                            + "STDIN (FORMAT binary)\" '" + dst + "'")));
                    System.out.println("    CPU seconds during the raw pipe: " + cpuDuring(rawCpu, cpuByProcess()));
                    check(pg, rows);
                    sh(truncate);
                    seconds.computeIfAbsent("engine, binary pipe", k -> new ArrayList<>())
                            .add(run(gateway, token, mapping, engineOptions, runIds));
                    check(pg, rows);
                    // Right after the clean table through the same mapping, so both see the servers alike.
                    if (dirtyMapping != null) {
                        sh(truncate);
                        seconds.computeIfAbsent("engine, binary pipe, 1 bad row per " + dirtyEvery, k -> new ArrayList<>())
                                .add(run(gateway, token, dirtyMapping, engineOptions, runIds, "SUCCEEDED_WITH_REJECTS"));
                        check(pg, rows - rows / dirtyEvery);
                    }
                    sh(truncate);
                    seconds.computeIfAbsent("engine, binary pipe, one chunk at a time", k -> new ArrayList<>())
                            .add(run(gateway, token, mapping, "{\"reconcile\":false,\"parallelism\":1}", runIds));
                    check(pg, rows);
                    sh(truncate);
                    seconds.computeIfAbsent("engine, binary pipe + reconciliation", k -> new ArrayList<>())
                            .add(run(gateway, token, mapping, "{}", runIds));
                    check(pg, rows);
                    if (decode) {
                        sh(truncate);
                        seconds.computeIfAbsent("engine, decode path (pushdown off)", k -> new ArrayList<>())
                                .add(run(gateway, token, mapping, "{\"reconcile\":false,\"pushdown\":false}", runIds));
                        check(pg, rows);
                    }
                    if (pgloader) {
                        String load = "LOAD DATABASE FROM " + src.replace("postgresql://", "pgsql://") + " INTO "
                                + dst.replace("postgresql://", "pgsql://") + " WITH data only, truncate, workers = 2, concurrency = 1"
                                + " INCLUDING ONLY TABLE NAMES MATCHING 'legacy_patients' IN SCHEMA 'public';";
                        Path file = Path.of("bench/target/pgloader.load");
                        Files.writeString(file, load);
                        sh("psql -q -c 'CREATE TABLE IF NOT EXISTS legacy_patients (LIKE patient) ; DROP TABLE legacy_patients; "
                                + "CREATE TABLE legacy_patients (patient_id bigint PRIMARY KEY, mrn varchar(20) NOT NULL, first_nm varchar(60), "
                                + "last_nm varchar(60), dob_txt varchar(10), sex_cd char(1), email_addr varchar(120), phone_no varchar(20), "
                                + "balance_txt varchar(16), is_active smallint, created_ts timestamp, notes text)' '" + dst + "'");
                        long started = System.nanoTime();
                        int exit = sh("pgloader --dynamic-space-size 4096 " + file + " > bench/target/pgloader.log 2>&1 < /dev/null");
                        if (exit == 0) {
                            double took = (System.nanoTime() - started) / 1e9;
                            System.out.printf("  pgloader: %.2f s%n", took);
                            seconds.computeIfAbsent("pgloader 1:1 copy (no mapping)", k -> new ArrayList<>()).add(took);
                        } else {
                            System.out.println("  pgloader failed (exit " + exit + "), see bench/target/pgloader.log");
                            pgloader = false;
                        }
                        sh("psql -q -c 'DROP TABLE IF EXISTS legacy_patients' '" + dst + "'");
                    }
                }
                long workerRss = peakRssKib(Long.parseLong(pids.getProperty("run-service.pid")));
                List<Long> firstProgress = firstProgressMillis(events, runIds);

                double raw = median(seconds.get("raw pipe"));
                System.out.printf("%nRESULT %,d rows, %d repetitions, medians (2 cores, PostgreSQL on loopback)%n", rows, repeat);
                seconds.forEach((name, list) -> System.out.printf("RESULT %-40s %6.2f s  %8.0f rows/s  %.2fx raw pipe   %s%n", name,
                        median(list), rows / median(list), raw / median(list), list));
                System.out.printf("RESULT run-service (api + worker, -Xmx256m) peak RSS: %d MiB%n", workerRss / 1024);
                System.out.printf("RESULT first run.progress after run.requested: %s ms (max %d ms)%n", firstProgress,
                        firstProgress.isEmpty() ? -1 : Collections.max(firstProgress));
            }
        }
    }

    /** Starts a run through the gateway and follows it to its end; seconds from the request to the terminal status. */
    private static double run(String gateway, String token, String mapping, String options, List<String> runIds) throws Exception {
        return run(gateway, token, mapping, options, runIds, "SUCCEEDED");
    }

    private static double run(String gateway, String token, String mapping, String options, List<String> runIds, String expected)
            throws Exception {
        Map<String, Long> cpuBefore = cpuByProcess();
        long started = System.nanoTime();
        String run = field(post(gateway + "/runs", token, "{\"mappingIds\":[\"" + mapping + "\"],\"options\":" + options + "}"), "id");
        runIds.add(run);
        String body;
        // Followed every half second; the time is the run's own, from its request to its terminal status as recorded by
        // the service (polling faster would only add load to the machine being measured).
        do {
            Thread.sleep(500);
            body = get(gateway + "/runs/" + run, token);
        } while (!body.matches("(?s)^\\{\"id\":\"[^\"]+\",\"status\":\"(SUCCEEDED|SUCCEEDED_WITH_REJECTS|FAILED|CANCELLED)\".*"));
        double s = java.time.Duration.between(instant(body, "requestedAt"), instant(body, "finishedAt")).toNanos() / 1e9;
        double observed = (System.nanoTime() - started) / 1e9;
        if (s <= 0 || s > observed) {
            throw new IllegalStateException("run " + run + " reports " + s + " s, observed " + observed + " s: " + body);
        }
        System.out.printf("  run %s %s: %.2f s%s%n", run, options, s, breakdown(run));
        System.out.println("    CPU seconds during the run: " + cpuDuring(cpuBefore, cpuByProcess()));
        if (!body.contains("\"status\":\"" + expected + "\"")) {
            throw new IllegalStateException("run " + run + " did not succeed: " + body);
        }
        return s;
    }

    /**
     * Where a run's time went, from its own records: request → start (planning), start → first chunk claimed,
     * the chunks' span, the sum of the chunks' write times, last chunk done → finished (outcome noticed).
     */
    private static String breakdown(String run) {
        try (Connection runs = stackPostgres.connect("dm_run"); Connection ledger = stackPostgres.connect("platform");
             PreparedStatement r = runs.prepareStatement("SELECT requested_at, started_at, finished_at FROM run WHERE id = ?::uuid");
             PreparedStatement c = ledger.prepareStatement("""
                     SELECT min(started_at), max(finished_at), sum(write_ms), count(*),
                            string_agg(DISTINCT path, ' ') || ' ' || string_agg(DISTINCT attempts::text, ',')
                     FROM dm_ledger.chunk WHERE run_id = ?::uuid
                     """)) {
            r.setString(1, run);
            c.setString(1, run);
            try (ResultSet a = r.executeQuery(); ResultSet b = c.executeQuery()) {
                a.next();
                b.next();
                java.sql.Timestamp requested = a.getTimestamp(1), started = a.getTimestamp(2), finished = a.getTimestamp(3);
                java.sql.Timestamp first = b.getTimestamp(1), last = b.getTimestamp(2);
                return String.format(" (planning %d ms, to first chunk %d ms, chunks %d ms over %d chunks, writes %d ms in sum, "
                                + "to outcome %d ms; paths and attempts: %s)", started.getTime() - requested.getTime(),
                        first.getTime() - started.getTime(), last.getTime() - first.getTime(), b.getLong(4), b.getLong(3),
                        finished.getTime() - last.getTime(), b.getString(5));
            }
        } catch (Exception e) {
            return " (no breakdown: " + e + ")";
        }
    }

    private static com.platform.datamigration.localstack.PostgresServer stackPostgres;
    private static Map<Long, String> serviceNames = Map.of();

    /** CPU time (user + system, in clock ticks) of every process, by a readable name: service, postgres, psql, …. */
    private static Map<String, Long> cpuByProcess() {
        Map<String, Long> out = new java.util.TreeMap<>();
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return out;
        }
        for (java.io.File proc : procs) {
            try {
                String stat = Files.readString(proc.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(stat.indexOf('(') + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long pid = Long.parseLong(proc.getName());
                String name = serviceNames.getOrDefault(pid, pid == ProcessHandle.current().pid() ? "bench+launcher" : comm);
                out.merge(name, ticks, Long::sum);
                if ("run-service".equals(name)) {
                    // Its threads too (names as the kernel keeps them, 15 characters), to see what the worker spends.
                    java.io.File[] tasks = proc.toPath().resolve("task").toFile().listFiles();
                    for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                        String ts = Files.readString(task.toPath().resolve("stat"));
                        int tc = ts.lastIndexOf(')');
                        String tn = ts.substring(ts.indexOf('(') + 1, tc).replaceAll("[0-9]+$", "#");
                        String[] tf = ts.substring(tc + 2).split(" ");
                        out.merge("  run-service/" + tn, Long.parseLong(tf[11]) + Long.parseLong(tf[12]), Long::sum);
                    }
                }
            } catch (Exception ignored) {
                // the process ended meanwhile
            }
        }
        return out;
    }

    private static String cpuDuring(Map<String, Long> before, Map<String, Long> after) {
        double hz = 100.0;  // USER_HZ: /proc counts CPU time in clock ticks of 1/100 s on Linux
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 5) {
                used.add(Map.entry(k, d));
            }
        });
        used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : used) {
            sb.append(String.format("%s %.1f  ", e.getKey(), e.getValue() / hz));
        }
        return sb.toString().trim();
    }

    static java.time.Instant instant(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return java.time.Instant.parse(m.group(1));
    }

    private static void check(com.platform.datamigration.localstack.PostgresServer pg, int rows) throws Exception {
        try (Connection c = pg.connect("platform"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM patient")) {
            rs.next();
            if (rs.getLong(1) != rows || rs.getLong(2) != rows) {
                throw new IllegalStateException("target has " + rs.getLong(1) + " rows (" + rs.getLong(2) + " distinct), expected " + rows);
            }
        }
    }

    private interface Step {
        int run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long started = System.nanoTime();
        int exit = step.run();
        if (exit != 0) {
            throw new IllegalStateException("exit status " + exit);
        }
        double s = (System.nanoTime() - started) / 1e9;
        System.out.printf("  %.2f s%n", s);
        return s;
    }

    static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).inheritIO().start();
        return p.waitFor();
    }

    private static KafkaConsumer<String, byte[]> consumer(LocalStack stack) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of("run.requested", "run.progress"));
        return consumer;
    }

    /** Per run: the first run.progress record's timestamp minus the run.requested record's (both set by the producer). */
    private static List<Long> firstProgressMillis(KafkaConsumer<String, byte[]> consumer, List<String> runs) {
        Map<String, Long> requested = new HashMap<>();
        Map<String, Long> progress = new HashMap<>();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && (requested.size() < runs.size() || progress.size() < runs.size())) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.topic().equals("run.requested")) {
                    requested.putIfAbsent(r.key(), r.timestamp());
                } else {
                    progress.merge(r.key(), r.timestamp(), Math::min);
                }
            }
        }
        List<Long> out = new ArrayList<>();
        for (String run : runs) {
            if (requested.containsKey(run) && progress.containsKey(run)) {
                out.add(progress.get(run) - requested.get(run));
            }
        }
        return out;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static String post(String url, String token, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static boolean discovered(String url, String token) throws Exception {
        return discovered(url, token, "legacy_patients");
    }

    /** Whether the explorer's answer at {@code url} names {@code table} (its first snapshot is taken). */
    static boolean discovered(String url, String token, String table) throws Exception {
        try {
            return get(url, token).contains(table);
        } catch (IllegalStateException e) {
            return false;  // no snapshot yet: the automatic discovery is still running
        }
    }

    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"");
        if (i < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        int start = i + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
