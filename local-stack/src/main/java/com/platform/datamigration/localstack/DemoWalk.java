package com.platform.datamigration.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo migration, through the gateway as an admin would click through the four stages: the legacy clinic is
 * added as a connection and tested, explored, mapped onto the platform's provider, patient and appointment tables
 * (foreign keys translated with {@code lookup}), and migrated; five patients with an impossible birth date (and their
 * appointments) land in the quarantine, the patients mapping is fixed, and the rejects are replayed.
 */
final class DemoWalk {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String api;
    private final String token;
    private final PrintStream out;

    DemoWalk(String gatewayUrl, String token, PrintStream out) {
        this.api = gatewayUrl + "/api/data-migration";
        this.token = token;
        this.out = out;
    }

    void run(String sourceHost, int sourcePort) throws Exception {
        say("1. Connections: adding the legacy clinic (POST /connections) and testing it");
        String connection = id(send("POST", "/connections", "{\"name\":\"Legacy clinic (demo)\",\"type\":\"POSTGRESQL\",\"host\":\""
                + sourceHost + "\",\"port\":" + sourcePort + ",\"database\":\"legacy_clinic\",\"username\":\"clinic_reader\","
                + "\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}", 201));
        String test = send("POST", "/connections/" + connection + "/test", "", 200);
        say("   connection " + connection + ": test ok=" + find(test, "\"ok\":(true|false)"));

        say("2. Explore: waiting for the automatic discovery (GET /explore/connections/{id}/tables)");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String tables = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = request("GET", "/explore/connections/" + connection + "/tables", null);
            if (r.statusCode() == 200) {
                tables = r.body();
                break;
            }
            Thread.sleep(500);
        }
        if (tables == null) {
            throw new IllegalStateException("the demo source was not discovered in time");
        }
        say("   tables: " + find(tables, "\"totalElements\":(\\d+)") + " (providers, patients, appointments)");

        say("3. Mappings: providers, patients, appointments (POST /mappings)");
        String source = "\"source\":{\"connectionId\":\"" + connection + "\",\"schema\":\"public\",\"table\":";
        String providers = id(send("POST", "/mappings", "{\"name\":\"providers\"," + source + "\"providers\"},\"target\":{\"schema\":"
                + "\"public\",\"table\":\"provider\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":["
                + field("external_ref", "to_text(provider_id)") + "," + field("name", "full_nm") + ","
                + field("specialty", "specialty_cd") + "," + field("npi", "trim(npi_txt)") + ","
                + field("hired_on", "parse_date(hired_dt_txt, 'MM/DD/YYYY')") + "]}", 201));
        String patientsSpec = "{\"name\":\"patients\"," + source + "\"patients\"},\"target\":{\"schema\":\"public\",\"table\":\"patient\"},"
                + "\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":["
                + field("external_ref", "concat('PA-', to_text(patient_id))") + "," + field("medical_record_number", "mrn") + ","
                + field("given_name", "trim(first_nm)") + "," + field("family_name", "last_nm") + ","
                + field("birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')") + ","
                + field("sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')") + "," + field("email", "email_addr") + ","
                + field("phone", "phone_no") + "," + field("balance", "to_decimal(balance_txt, 12, 2)") + ","
                + field("active", "is_active <> 0") + "," + field("created_at", "utc(created_ts)") + ","
                + field("notes", "coalesce(notes, '')") + ","
                + field("primary_provider_id", "lookup('providers', to_text(primary_provider_id))") + "]}";
        String patients = id(send("POST", "/mappings", patientsSpec, 201));
        String appointments = id(send("POST", "/mappings", "{\"name\":\"appointments\"," + source + "\"appointments\"},\"target\":"
                + "{\"schema\":\"public\",\"table\":\"appointment\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":["
                + field("external_ref", "concat('AP-', to_text(appt_id))") + ","
                + field("patient_id", "lookup('patients', concat('PA-', to_text(patient_id)))") + ","
                + field("provider_id", "lookup('providers', to_text(provider_id))") + ","
                + field("starts_at", "parse_timestamp(concat(appt_dt_txt, ' ', appt_tm_txt), 'YYYYMMDD HH24MI')") + ","
                + field("status", "map(status_cd, 'S' -> 'scheduled', 'C' -> 'completed', 'N' -> 'no_show', else 'cancelled')") + ","
                + field("reason", "reason_txt") + "]}", 201));

        say("4. Runs: migrating all three (POST /runs); the run loads providers, then patients, then appointments");
        String run = id(send("POST", "/runs", "{\"mappingIds\":[\"" + appointments + "\",\"" + patients + "\",\"" + providers + "\"]}",
                202));
        String status = follow(run);
        String rejects = send("GET", "/runs/" + run + "/rejects?size=3", null, 200);
        say("   " + status + ": " + find(rejects, "\"total\":(\\d+)") + " rows quarantined (GET /runs/" + run + "/rejects), e.g. "
                + find(rejects, "\"reason\":\"([^\"]*)\""));

        say("5. Fixing the patients mapping (PUT /mappings/{id}) and replaying only the rejects (POST /runs/{id}/rejects/replay)");
        send("PUT", "/mappings/" + patients, patientsSpec.replace("parse_date(dob_txt, 'MM/DD/YYYY')",
                "parse_date(map(dob_txt, '13/45/1990' -> '01/01/1900', else dob_txt), 'MM/DD/YYYY')"), 200);
        send("POST", "/runs/" + run + "/rejects/replay", "", 202);
        follow(run);
        say("Demo done: the stepper shows " + send("GET", "/stepper", null, 200).replace(" ", "")
                + "; the run's history: GET /runs/" + run);
    }

    /** Prints the run's progress every second until it ends; returns its status. */
    private String follow(String run) throws Exception {
        String last = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            String body = send("GET", "/runs/" + run, null, 200);
            String status = find(body, "^\\{\"id\":\"[^\"]+\",\"status\":\"([A-Z_]+)\"");
            String line = status + ", " + find(body, "\"rowsWritten\":(\\d+)") + " of " + find(body, "\"rowsRead\":(\\d+)")
                    + " rows written, " + find(body, "\"rowsRejected\":(\\d+)") + " rejected, chunks "
                    + find(body, "\"chunksDone\":(\\d+)") + "/" + find(body, "\"chunksTotal\":(\\d+)");
            if (line.contains("?")) {
                line = status;
            }
            if (!line.equals(last)) {
                say("   run " + run + ": " + line);
                last = line;
            }
            if (status.matches("SUCCEEDED|SUCCEEDED_WITH_REJECTS|FAILED|CANCELLED")) {
                return status;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the demo run did not end in time");
    }

    private void say(String line) {
        out.println("demo: " + line);
    }

    private static String field(String target, String expression) {
        return "{\"target\":\"" + target + "\",\"expression\":\"" + expression + "\"}";
    }

    private static String id(String body) {
        return find(body, "^\\{\"id\":\"([^\"]+)\"");
    }

    private static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    private String send(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = request(method, path, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> request(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
