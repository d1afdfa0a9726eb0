package com.platform.datamigration.bench;

import static com.platform.datamigration.bench.RunBenchmark.discovered;
import static com.platform.datamigration.bench.RunBenchmark.field;
import static com.platform.datamigration.bench.RunBenchmark.get;
import static com.platform.datamigration.bench.RunBenchmark.instant;
import static com.platform.datamigration.bench.RunBenchmark.median;
import static com.platform.datamigration.bench.RunBenchmark.option;
import static com.platform.datamigration.bench.RunBenchmark.peakRssKib;
import static com.platform.datamigration.bench.RunBenchmark.post;
import static com.platform.datamigration.bench.RunBenchmark.sh;

import com.platform.datamigration.localstack.LocalStack;
import com.platform.datamigration.localstack.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The shape of a real legacy load ({@code bench/data/realistic/legacy_visits.sql}): providers keyed by text codes, patients with
 * one impossible birth date per {@code --dirty-every} rows, visits with a composite key whose patient and provider are
 * translated by lookups into the platform's generated ids. The whole load (the three mappings in one run) is timed
 * against the hand-written SQL pipeline ({@code bench/data/realistic/reference_pipeline.sh}) on the same servers, alternating,
 * and its result is compared with the pipeline's row for row (the expected outcome: the pipeline knows which rows are
 * bad, the engine has to find them).
 */
final class RealisticBenchmark {

    private RealisticBenchmark() {
    }

    private static final String[][] PATIENTS = {{"id", "patient_id"}, {"medical_record_number", "mrn"}, {"given_name", "trim(first_nm)"},
        {"family_name", "last_nm"}, {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"},
        {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"}, {"email", "email_addr"}, {"phone", "phone_no"},
        {"balance", "to_decimal(balance_txt, 12, 2)"}, {"active", "is_active <> 0"}, {"created_at", "utc(created_ts)"},
        {"notes", "coalesce(notes, '')"}};
    private static final String[][] PROVIDERS = {{"code", "provider_cd"}, {"display_name", "full_nm"},
        {"specialty", "coalesce(specialty, 'general')"}};
    // The visits mapped with their legacy references copied as they are, into a table of the same shape without foreign
    // keys: the same mapping without lookups, for what translating the keys costs.
    private static final String[][] FLAT_VISITS = {{"legacy_key", "concat(to_text(patient_id), '-', to_text(visit_no))"},
        {"patient_ref", "patient_id"}, {"provider_ref", "provider_cd"}, {"starts_at", "in_zone(visit_ts, 'America/New_York')"},
        {"minutes", "to_integer(length_min)"}, {"status", "map(status, 'no-show' -> 'no_show', else status)"}};
    private static final String FLAT_TABLE = """
            DROP TABLE IF EXISTS visit_flat;
            CREATE TABLE visit_flat (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id text NOT NULL,
              patient_ref bigint NOT NULL, provider_ref text NOT NULL, legacy_key text NOT NULL, starts_at timestamptz NOT NULL,
              minutes integer, status text NOT NULL CHECK (status IN ('booked', 'arrived', 'no_show', 'cancelled')),
              UNIQUE (organization_id, legacy_key));
            """;
    // The visits with their references already translated (the platform's patient and provider ids beside each row of the
    // source), mapped into the same table with its foreign keys: the same mapping without lookups and the same writes, so
    // the difference is what translating the keys costs.
    private static final String[][] TRANSLATED_VISITS = {{"legacy_key", "concat(to_text(patient_id), '-', to_text(visit_no))"},
        {"patient_id", "patient_pk"}, {"provider_id", "provider_pk"}, {"starts_at", "in_zone(visit_ts, 'America/New_York')"},
        {"minutes", "to_integer(length_min)"}, {"status", "map(status, 'no-show' -> 'no_show', else status)"}};
    private static final String TRANSLATED_TABLE = """
            DROP TABLE IF EXISTS legacy_visits_translated, platform_patient_ids, platform_provider_ids;
            CREATE TABLE legacy_visits_translated (patient_id bigint NOT NULL, visit_no smallint NOT NULL, provider_cd varchar(12) NOT NULL,
              visit_ts timestamp NOT NULL, length_min varchar(4), status visit_status NOT NULL, patient_pk bigint NOT NULL,
              provider_pk bigint NOT NULL, PRIMARY KEY (patient_id, visit_no));
            CREATE TABLE platform_patient_ids (id bigint PRIMARY KEY);
            CREATE TABLE platform_provider_ids (code text PRIMARY KEY, id bigint NOT NULL);
            GRANT SELECT ON legacy_visits_translated TO clinic_reader;
            """;
    // Fills the translated visits from the platform's ids (copied over by the runner): the visits whose patient and
    // provider were loaded, as the lookups resolve them.
    private static final String TRANSLATE = """
            TRUNCATE legacy_visits_translated;
            INSERT INTO legacy_visits_translated
            SELECT v.patient_id, v.visit_no, v.provider_cd, v.visit_ts, v.length_min, v.status, p.id, pr.id
            FROM legacy_visits v JOIN platform_patient_ids p ON p.id = v.patient_id JOIN platform_provider_ids pr ON pr.code = v.provider_cd;
            ANALYZE legacy_visits_translated;
            """;
    private static final String[][] VISITS = {{"legacy_key", "concat(to_text(patient_id), '-', to_text(visit_no))"},
        {"patient_id", "lookup('patients', patient_id)"}, {"provider_id", "lookup('providers', provider_cd)"},
        {"starts_at", "in_zone(visit_ts, 'America/New_York')"}, {"minutes", "to_integer(length_min)"},
        {"status", "map(status, 'no-show' -> 'no_show', else status)"}};

    // The outcome compared, without the generated ids: each visit by its legacy key with its patient's legacy id and its
    // provider's code; each patient and provider by their values.
    private static final String OUTCOME = """
            SELECT (SELECT count(*) FROM provider), (SELECT count(*) FROM patient), (SELECT count(*) FROM visit),
              (SELECT coalesce(sum(hashtextextended(ROW(code, display_name, specialty)::text, 0)), 0) FROM provider),
              (SELECT coalesce(sum(hashtextextended(ROW(id, medical_record_number, given_name, family_name, birth_date, sex, email,
                 phone, balance, active, created_at, notes)::text, 0)), 0) FROM patient),
              (SELECT coalesce(sum(hashtextextended(ROW(v.legacy_key, p.id, pr.code, v.starts_at, v.minutes, v.status)::text, 0)), 0)
                 FROM visit v JOIN patient p ON p.organization_id = v.organization_id AND p.id = v.patient_id
                 JOIN provider pr ON pr.id = v.provider_id)
            """;

    static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(option(args, "--rows", "1000000"));
        int visits = Integer.parseInt(option(args, "--visits", "2000000"));
        int dirtyEvery = Integer.parseInt(option(args, "--dirty-every", "1000"));
        int repeat = Integer.parseInt(option(args, "--repeat", "2"));
        String engineOptions = option(args, "--options", "{}");
        try (LocalStack stack = BenchStack.create()) {
            stack.start();
            String gateway = BenchStack.api(stack);
            String token = stack.issuer().adminToken("bench");
            PostgresServer pg = stack.postgres();
            Properties pids = BenchStack.processes();
            String base = "postgresql://" + pg.user() + ":" + pg.password() + "@" + pg.host() + ":" + pg.port() + "/";
            String src = base + "bench_realistic";
            String dst = base + "platform";
            pg.createDatabaseIfMissing("bench_realistic");
            long t0 = System.nanoTime();
            sh("psql -q -v ON_ERROR_STOP=1 -v rows=" + rows + " -f bench/data/legacy_patients.sql '" + src + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -v visits=" + visits + " -v dirty_every=" + dirtyEvery + " -f bench/data/realistic/legacy_visits.sql '"
                    + src + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -c 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO clinic_reader' '" + src + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -c 'DROP TABLE IF EXISTS appointment, visit, provider, patient CASCADE' '" + dst + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -f bench/data/realistic/platform_patient.sql -f bench/data/realistic/platform_visit.sql '" + dst + "'");
            sh("psql -q -v ON_ERROR_STOP=1 -c \"" + FLAT_TABLE.replace("\n", " ") + "\" '" + dst + "'");
            must("psql -q -v ON_ERROR_STOP=1 -c \"" + TRANSLATED_TABLE.replace("\n", " ") + "\" '" + src + "'");
            System.out.printf("Source (%,d patients, %,d visits) and target created in %.1f s%n", rows, visits, (System.nanoTime() - t0) / 1e9);

            String connection = field(post(gateway + "/connections", token, "{\"name\":\"realistic source\",\"type\":\"POSTGRESQL\","
                    + "\"host\":\"" + pg.host() + "\",\"port\":" + pg.port() + ",\"database\":\"bench_realistic\",\"username\":\"clinic_reader\","
                    + "\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}"), "id");
            long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!discovered(gateway + "/explore/connections/" + connection + "/tables?q=legacy_visits", token, "legacy_visits")) {
                if (System.nanoTime() > waitUntil) {
                    throw new IllegalStateException("the source was not discovered");
                }
                Thread.sleep(500);
            }
            List<String> mappings = List.of(
                    mapping(gateway, token, connection, "providers", "legacy_providers", "provider", "code", PROVIDERS),
                    mapping(gateway, token, connection, "patients", "legacy_patients", "patient", "id", PATIENTS),
                    mapping(gateway, token, connection, "visits", "legacy_visits", "visit", "legacy_key", VISITS));
            String flat = mapping(gateway, token, connection, "visits without lookups", "legacy_visits", "visit_flat", "legacy_key",
                    FLAT_VISITS);
            String translated = mapping(gateway, token, connection, "visits with translated keys", "legacy_visits_translated", "visit",
                    "legacy_key", TRANSLATED_VISITS);
            String truncate = "psql -q -c 'TRUNCATE visit, patient, provider RESTART IDENTITY CASCADE' '" + dst + "'";
            String reference = "PGHOST=" + pg.host() + " PGPORT=" + pg.port() + " PGUSER=" + pg.user()
                    + (pg.password() == null || pg.password().isEmpty() ? "" : " PGPASSWORD=" + pg.password())
                    + " bash bench/data/realistic/reference_pipeline.sh bench_realistic platform";

            if (!List.of(args).contains("--no-warmup")) {
                // The services are long-running: one whole load first, not counted, so the figures are not a cold JVM's.
                System.out.println("Warm-up (not counted):");
                sh(truncate);
                run(gateway, token, mappings, engineOptions);
            }
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            List<String> expected = null;
            for (int i = 0; i < repeat; i++) {
                sh(truncate);
                long started = System.nanoTime();
                if (sh(reference) != 0) {
                    throw new IllegalStateException("the reference pipeline failed");
                }
                seconds.computeIfAbsent("hand-written SQL pipeline", k -> new ArrayList<>()).add((System.nanoTime() - started) / 1e9);
                List<String> outcome = outcome(pg);
                if (expected != null && !expected.equals(outcome)) {
                    throw new IllegalStateException("the reference pipeline is not repeatable: " + expected + " then " + outcome);
                }
                expected = outcome;
                System.out.println("  expected outcome: " + outcome);

                sh(truncate);
                String body = run(gateway, token, mappings, engineOptions);
                seconds.computeIfAbsent("engine, providers + patients + visits", k -> new ArrayList<>())
                        .add(java.time.Duration.between(instant(body, "requestedAt"), instant(body, "finishedAt")).toNanos() / 1e9);
                List<String> got = outcome(pg);
                System.out.println("  engine outcome:   " + got + "  " + tables(body));
                if (!got.equals(expected)) {
                    throw new IllegalStateException("the engine's target differs from the expected outcome: " + got);
                }
                // The visits again, alone, with their lookups (patients and providers stay), then without them.
                sh("psql -q -c 'TRUNCATE visit' '" + dst + "'");
                seconds.computeIfAbsent("engine, visits with their two lookups", k -> new ArrayList<>())
                        .add(runSeconds(run(gateway, token, List.of(mappings.get(2)), engineOptions)));
                sh("psql -q -c 'TRUNCATE visit_flat' '" + dst + "'");
                seconds.computeIfAbsent("engine, the same visits without lookups", k -> new ArrayList<>())
                        .add(runSeconds(run(gateway, token, List.of(flat), engineOptions, "SUCCEEDED")));
                // The same visits into the same table, their keys translated beforehand (not timed).
                must("psql -q -v ON_ERROR_STOP=1 -c 'TRUNCATE platform_patient_ids, platform_provider_ids' '" + src + "'");
                must("psql -q -v ON_ERROR_STOP=1 -c 'COPY patient (id) TO STDOUT' '" + dst + "' | psql -q -v ON_ERROR_STOP=1 -c "
                        + "'COPY platform_patient_ids FROM STDIN' '" + src + "'");
                must("psql -q -v ON_ERROR_STOP=1 -c 'COPY provider (code, id) TO STDOUT' '" + dst + "' | psql -q -v ON_ERROR_STOP=1 -c "
                        + "'COPY platform_provider_ids FROM STDIN' '" + src + "'");
                must("psql -q -v ON_ERROR_STOP=1 -c \"" + TRANSLATE.replace("\n", " ") + "\" '" + src + "'");
                sh("psql -q -c 'TRUNCATE visit' '" + dst + "'");
                seconds.computeIfAbsent("engine, the same visits, keys translated", k -> new ArrayList<>())
                        .add(runSeconds(run(gateway, token, List.of(translated), engineOptions, "SUCCEEDED")));
                long rejected = Long.parseLong(body.replaceAll("(?s).*?\"rowsRejected\":(\\d+).*", "$1"));
                long expectedRejects = rows / dirtyEvery + Math.min(visits / 4, rows) / dirtyEvery * 4;
                if (rejected != expectedRejects) {
                    throw new IllegalStateException("the engine rejected " + rejected + " rows, expected " + expectedRejects);
                }
            }
            long workerRss = peakRssKib(Long.parseLong(pids.getProperty("run-service.pid")));
            double ref = median(seconds.get("hand-written SQL pipeline"));
            System.out.printf("%nRESULT realistic load: %,d providers, %,d patients (1 bad per %,d), %,d visits, %d repetitions, medians%n",
                    1000, rows, dirtyEvery, visits, repeat);
            System.out.printf("RESULT visits with their lookups / the same visits with keys translated: %.2fx%n",
                    median(seconds.get("engine, visits with their two lookups")) / median(seconds.get("engine, the same visits, keys translated")));
            seconds.forEach((name, list) -> System.out.printf("RESULT %-40s %6.2f s  %.2fx the hand-written pipeline   %s%n", name,
                    median(list), ref / median(list), list));
            System.out.printf("RESULT run-service (api + worker, -Xmx256m) peak RSS: %d MiB%n", workerRss / 1024);
        }
    }

    private static void must(String command) throws Exception {
        if (sh(command) != 0) {
            throw new IllegalStateException("failed: " + command.replaceAll("postgresql://[^@']*@", "postgresql://…@"));
        }
    }

    private static String mapping(String gateway, String token, String connection, String name, String table, String target, String key,
            String[][] rules) throws Exception {
        StringBuilder fields = new StringBuilder();
        for (String[] rule : rules) {
            fields.append(fields.length() == 0 ? "" : ",").append("{\"target\":\"").append(rule[0]).append("\",\"expression\":\"")
                    .append(rule[1].replace("\"", "\\\"")).append("\"}");
        }
        return field(post(gateway + "/mappings", token, "{\"name\":\"" + name + "\",\"source\":{\"connectionId\":\"" + connection
                + "\",\"schema\":\"public\",\"table\":\"" + table + "\"},\"target\":{\"schema\":\"public\",\"table\":\"" + target
                + "\"},\"key\":[\"" + key + "\"],\"onConflict\":\"UPSERT\",\"fields\":[" + fields + "]}"), "id");
    }

    private static double runSeconds(String body) {
        return java.time.Duration.between(instant(body, "requestedAt"), instant(body, "finishedAt")).toNanos() / 1e9;
    }

    private static String run(String gateway, String token, List<String> mappings, String options) throws Exception {
        return run(gateway, token, mappings, options, "SUCCEEDED_WITH_REJECTS");
    }

    /** Starts one run of the mappings and follows it to its end; its last state. */
    private static String run(String gateway, String token, List<String> mappings, String options, String expected) throws Exception {
        String ids = String.join("\",\"", mappings);
        String run = field(post(gateway + "/runs", token, "{\"mappingIds\":[\"" + ids + "\"],\"options\":" + options + "}"), "id");
        String body;
        do {
            Thread.sleep(500);
            body = get(gateway + "/runs/" + run, token);
        } while (!body.matches("(?s)^\\{\"id\":\"[^\"]+\",\"status\":\"(SUCCEEDED|SUCCEEDED_WITH_REJECTS|FAILED|CANCELLED)\".*"));
        if (!body.contains("\"status\":\"" + expected + "\"")) {
            throw new IllegalStateException("run " + run + " did not end " + expected + ": " + body);
        }
        System.out.printf("  run %s: %.2f s%n", run,
                java.time.Duration.between(instant(body, "requestedAt"), instant(body, "finishedAt")).toNanos() / 1e9);
        return body;
    }

    /** Each table's rows per second of write time, as the run reports them. */
    private static String tables(String body) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"targetTable\":\"([^\"]+)\".*?\"rowsPerSecond\":([0-9.]+|null)")
                .matcher(body);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2) + " rows/s");
        }
        return String.join(", ", out);
    }

    private static List<String> outcome(PostgresServer pg) throws Exception {
        try (Connection c = pg.connect("platform"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OUTCOME)) {
            rs.next();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                out.add(rs.getString(i));
            }
            return out;
        }
    }
}
