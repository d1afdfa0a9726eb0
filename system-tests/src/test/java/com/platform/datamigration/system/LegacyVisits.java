package com.platform.datamigration.system;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A legacy table whose columns need the whole mapping language, the platform tables it migrates into, the two mappings
 * that do it, and the same mappings written by hand as plain SQL over the source, for comparing row by row.
 *
 * <p>{@code legacy_visits} has 3,000 rows keyed 1..3000 (so chunk ranges cross digit counts: 9/10, 99/100, 999/1000),
 * clinic-local timestamps around both 2024 US daylight-saving changes, intervals, dates in two formats with blanks,
 * Y/N flags, single-letter codes with blanks, phone numbers, "FAMILY, given" names in many scripts, cents, fees as text,
 * identifiers to mask and hash, Unicode notes, JSON documents, comma-separated tags and nulls everywhere. A few rows hold values no mapping can convert
 * ({@link #BAD}, all among the first 2,000 keys, so that the last chunk has none): they are quarantined and everything
 * else loads.
 */
final class LegacyVisits {

    private LegacyVisits() {
    }

    static final int ROWS = 3000;

    /** The rows the visits mapping must quarantine, by key, with the field and code of the refusal. */
    static final Map<Integer, String> BAD = new TreeMap<>(Map.of(
            250, "visit_date UNPARSEABLE_DATE",
            1250, "visit_date UNPARSEABLE_DATE",
            999, "visit_date UNPARSEABLE_DATE",
            500, "fee_total UNPARSEABLE_NUMBER",
            1999, "fee_total UNPARSEABLE_NUMBER",
            1000, "fee_total UNPARSEABLE_NUMBER",
            1500, "weight_kg UNPARSEABLE_NUMBER"));

    /** Run on the demo source database by its owner. */
    static final String SOURCE = """
            DROP TABLE IF EXISTS legacy_visits;
            CREATE TABLE legacy_visits (
              visit_id        integer PRIMARY KEY,
              clinic_cd       varchar(2),            -- NY or LA: the clinic's time zone
              visit_local_ts  timestamp,             -- the clinic's wall clock
              duration        interval,
              visit_dt_txt    varchar(14),           -- 'YYYY-MM-DD' or 'MM/DD/YYYY', '' or blanks when unknown
              consent_yn      varchar(1),            -- Y/N, any case
              status_cd       varchar(1),            -- O, C, X, '' (unknown) or anything else
              phone_txt       varchar(24),
              full_name       text,                  -- 'FAMILY, given'
              amount_cents    integer,
              fee_txt         varchar(12),           -- '12.50', sometimes three decimals
              ssn             varchar(11),
              mrn             varchar(20),
              notes           text,
              attrs           jsonb,                 -- {"weight_kg": 72.5, "referral": "gp", "smoker": true, "vitals": [120, 72]}
              tags            text                   -- 'flu,lab', '' for none
            );
            INSERT INTO legacy_visits
            SELECT g,
                   CASE WHEN g % 3 = 0 THEN 'LA' ELSE 'NY' END,
                   CASE WHEN g % 41 = 0 THEN NULL
                        ELSE (CASE WHEN g % 2 = 0 THEN timestamp '2024-03-10 00:00' ELSE timestamp '2024-11-03 00:00' END)
                             + ((g * 7) % 360) * interval '1 minute' + (g % 60) * interval '1 second' END,
                   CASE WHEN g % 37 = 0 THEN NULL
                        WHEN g % 5 = 0 THEN make_interval(days => g % 3, mins => g % 90, secs => g % 60)
                        WHEN g % 7 = 0 THEN -make_interval(mins => g % 30, secs => 30)
                        ELSE make_interval(mins => 5 + g % 120) END,
                   CASE WHEN g % 13 = 0 THEN ''
                        WHEN g % 17 = 0 THEN NULL
                        WHEN g % 19 = 0 THEN '   '
                        WHEN g % 23 = 0 THEN ' ' || to_char(date '2023-01-01' + g, 'YYYY-MM-DD') || ' '
                        WHEN g % 2 = 0 THEN to_char(date '2023-01-01' + g, 'YYYY-MM-DD')
                        WHEN g % 3 = 0 THEN to_char(date '2023-01-01' + g, 'FMMM/FMDD/YYYY')
                        ELSE to_char(date '2023-01-01' + g, 'MM/DD/YYYY') END,
                   CASE WHEN g % 11 = 0 THEN NULL WHEN g % 4 = 0 THEN 'n' WHEN g % 2 = 0 THEN 'N' WHEN g % 3 = 0 THEN 'y'
                        ELSE 'Y' END,
                   CASE WHEN g % 29 = 0 THEN NULL ELSE (ARRAY['O', 'C', 'X', '', 'Z'])[1 + g % 5] END,
                   CASE WHEN g % 31 = 0 THEN NULL
                        WHEN g % 43 = 0 THEN ''
                        WHEN g % 2 = 0 THEN '(555) ' || lpad((g % 1000)::text, 3, '0') || '-' || lpad(g::text, 4, '0')
                        ELSE '+1 555.' || lpad((g % 1000)::text, 3, '0') || '.' || lpad(g::text, 4, '0') || ' ext' END,
                   CASE WHEN g % 53 = 0 THEN NULL
                        ELSE (ARRAY['MÜLLER', 'O''BRIEN', 'GARCÍA', 'ŁUKASIEWICZ', 'NGUYEN', 'SMITH-JONES', 'ØSTERGAARD',
                                    'ÇELIK', 'DE LA CRUZ', 'VAN DER BERG', 'ΠΑΠΑΔΟΠΟΥΛΟΣ', '田中'])[1 + g % 12]
                             || ',' || (ARRAY[' józef', ' ana maría', ' zoë', 'élodie', ' björn', ' ИВАН', ' 2nd-gen lee',
                                              '', ' mary  ann'])[1 + (g / 12) % 9] END,
                   CASE WHEN g % 47 = 0 THEN NULL ELSE (g * 7919) % 100000 END,
                   CASE WHEN g % 53 = 1 THEN NULL
                        WHEN g % 9 = 0 THEN round(((g * 31) % 10000) / 1000.0, 3)::text
                        ELSE to_char(((g * 31) % 10000) / 100.0, 'FM9990.00') END,
                   CASE WHEN g % 59 = 0 THEN NULL WHEN g % 61 = 0 THEN lpad((g % 1000)::text, 3, '0')
                        ELSE lpad((g * 104729 % 1000)::text, 3, '0') || '-' || lpad((g % 100)::text, 2, '0') || '-'
                             || lpad(g::text, 4, '0') END,
                   CASE WHEN g % 103 = 0 THEN NULL WHEN g % 101 = 0 THEN 'MRN-ü' || g ELSE 'MRN-' || lpad(g::text, 7, '0') END,
                   CASE WHEN g % 7 = 0 THEN NULL
                        ELSE (ARRAY['Café ☕ follow-up', '東京 clinic', 'allergy: 🥜', 'zoë''s "second" visit', '',
                                    'line one' || chr(10) || 'line two', 'tab' || chr(9) || 'separated', 'ßtraße'])[1 + g % 8] END,
                   CASE WHEN g % 17 = 0 THEN NULL WHEN g % 19 = 0 THEN '{}'::jsonb WHEN g % 77 = 0 THEN '{"weight_kg": 1e2}'::jsonb
                        ELSE jsonb_build_object('weight_kg', CASE WHEN g % 3 = 0 THEN round(50 + (g % 500) / 10.0, 2)
                                                                  ELSE round(50 + (g % 500) / 10.0, 1) END,
                                                'referral', (ARRAY['self', 'gp', 'ÉR 🚑', NULL])[1 + g % 4],
                                                'smoker', CASE WHEN g % 13 = 0 THEN NULL ELSE g % 2 = 0 END,
                                                'vitals', jsonb_build_array(90 + g % 60, 55 + g % 40)) END,
                   CASE WHEN g % 5 = 0 THEN NULL WHEN g % 7 = 0 THEN '' WHEN g % 11 = 0 THEN 'flu,,lab'
                        ELSE (ARRAY['flu', 'follow-up', 'lab', 'x-ray', 'Ünïcode ✓'])[1 + g % 5] || ','
                             || (ARRAY['a "quoted" one', 'back\\slash', 'lab', '{braces}', 'NULL'])[1 + (g / 5) % 5] END
            FROM generate_series(1, 3000) AS g;
            -- Values no mapping can convert: an impossible date, amounts that are no numbers.
            UPDATE legacy_visits SET visit_dt_txt = '2023-02-30' WHERE visit_id IN (250, 1250);
            UPDATE legacy_visits SET visit_dt_txt = '13/01/2024' WHERE visit_id = 999;
            UPDATE legacy_visits SET fee_txt = 'n/a' WHERE visit_id IN (500, 1000);
            UPDATE legacy_visits SET fee_txt = '12,50' WHERE visit_id = 1999;
            UPDATE legacy_visits SET attrs = '{"weight_kg": "heavy", "referral": "gp"}' WHERE visit_id = 1500;
            GRANT SELECT ON legacy_visits TO clinic_reader;
            ANALYZE legacy_visits;
            """;

    /**
     * The hand-written check's helpers (SHA-1 uuids and HMAC, which PostgreSQL has only as extensions), kept in a
     * schema of their own so the demo's tables stay as they are.
     */
    static final String HAND_CHECK_SETUP = """
            CREATE SCHEMA IF NOT EXISTS hand_check;
            CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA hand_check;
            CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA hand_check;
            """;

    /** Run on the platform database by its administrator, as the demo's targets are: shared, scoped by organization. */
    static final String TARGETS = """
            DROP TABLE IF EXISTS visit;
            DROP TABLE IF EXISTS visit_identity;
            CREATE TABLE visit (
              id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              organization_id  text NOT NULL,
              external_ref     text NOT NULL,
              legacy_id        integer NOT NULL,
              visited_at       timestamptz,
              duration_min     integer,
              visit_date       date,
              visit_date_try   date,
              consent          boolean,
              status           text,
              phone_digits     text,
              family_name      text,
              given_name       text,
              amount           numeric(12, 2),
              fee_total        numeric(14, 4),
              tier             text,
              ssn_masked       text,
              mrn_hash         text,
              notes            text,
              weight_kg        numeric,
              referral         text,
              smoker           boolean,
              pulse            numeric,
              vitals           text,
              tags             text[],
              tag_count        integer,
              first_tag        text,
              tags_joined      text,
              UNIQUE (organization_id, external_ref),
              UNIQUE (organization_id, id)
            );
            CREATE TABLE visit_identity (
              id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              organization_id  text NOT NULL,
              external_ref     text NOT NULL,
              legacy_id        integer NOT NULL,
              visit_uuid       uuid NOT NULL,
              mrn_hmac         text,
              UNIQUE (organization_id, external_ref),
              UNIQUE (organization_id, id)
            );
            """;

    /** The visits mapping, field by field: everything in it compiles to SQL, so a run pipes it. */
    static final List<String[]> VISIT_FIELDS = List.of(
            new String[] {"external_ref", "concat('V-', lpad(to_text(visit_id), 6, '0'))"},
            new String[] {"legacy_id", "visit_id"},
            new String[] {"visited_at", "case when clinic_cd = 'LA' then in_zone(visit_local_ts, 'America/Los_Angeles') "
                    + "else in_zone(visit_local_ts, 'America/New_York') end"},
            new String[] {"duration_min", "minutes(duration)"},
            new String[] {"visit_date", "parse_date(nullif(trim(visit_dt_txt), ''), 'YYYY-MM-DD', 'MM/DD/YYYY')"},
            new String[] {"visit_date_try", "coalesce(try(parse_date(visit_dt_txt, 'YYYY-MM-DD')), "
                    + "try(parse_date(visit_dt_txt, 'MM/DD/YYYY')))"},
            new String[] {"consent", "to_boolean(consent_yn)"},
            new String[] {"status", "map(status_cd, 'O' -> 'open', 'C' -> 'closed', 'X' -> 'cancelled', '' -> null, else 'unknown')"},
            new String[] {"phone_digits", "regexp_replace(phone_txt, '[^0-9]', '', 'g')"},
            new String[] {"family_name", "initcap(trim(split_part(full_name, ',', 1)))"},
            new String[] {"given_name", "initcap(trim(split_part(full_name, ',', 2)))"},
            new String[] {"amount", "amount_cents / 100.0"},
            new String[] {"fee_total", "to_decimal(fee_txt, 10, 2) * 1.08"},
            new String[] {"tier", "case when amount_cents >= 50000 then 'high' when amount_cents >= 5000 then 'mid' "
                    + "when amount_cents is not null then 'low' end"},
            new String[] {"ssn_masked", "mask(ssn)"},
            new String[] {"mrn_hash", "sha256(mrn)"},
            new String[] {"notes", "notes"},
            new String[] {"weight_kg", "json_number(attrs, 'weight_kg')"},
            new String[] {"referral", "json_text(attrs, 'referral')"},
            new String[] {"smoker", "json_bool(attrs, 'smoker')"},
            new String[] {"pulse", "json_number(attrs, 'vitals', -1)"},
            new String[] {"vitals", "json_text(attrs, 'vitals')"},
            new String[] {"tags", "split(tags, ',')"},
            new String[] {"tag_count", "array_length(split(tags, ','))"},
            new String[] {"first_tag", "split(tags, ',')[1]"},
            new String[] {"tags_joined", "array_join(split(tags, ','), ' | ')"});

    /** The identity mapping: uuid_v5 and hmac_sha256 run in Java only, so a run decodes it. */
    static final List<String[]> IDENTITY_FIELDS = List.of(
            new String[] {"external_ref", "concat('V-', lpad(to_text(visit_id), 6, '0'))"},
            new String[] {"legacy_id", "visit_id"},
            new String[] {"visit_uuid", "uuid_v5('url', visit_id)"},
            new String[] {"mrn_hmac", "hmac_sha256(mrn)"});

    static String spec(String name, String connection, String target, List<String[]> fields) {
        StringBuilder out = new StringBuilder("{\"name\":\"").append(name).append("\",\"source\":{\"connectionId\":\"").append(connection)
                .append("\",\"schema\":\"public\",\"table\":\"legacy_visits\"},\"target\":{\"schema\":\"public\",\"table\":\"")
                .append(target).append("\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":[");
        for (int i = 0; i < fields.size(); i++) {
            out.append(i == 0 ? "" : ",").append("{\"target\":\"").append(fields.get(i)[0]).append("\",\"expression\":\"")
                    .append(fields.get(i)[1].replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
        }
        return out.append("]}").toString();
    }

    /** The date of a visit as the mapping reads it, written by hand: the two formats, blanks as unknown. */
    private static final String DATE = """
            CASE WHEN btrim(visit_dt_txt, ' ') ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$' THEN to_date(btrim(visit_dt_txt, ' '), 'YYYY-MM-DD')
                 WHEN btrim(visit_dt_txt, ' ') ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$' THEN to_date(btrim(visit_dt_txt, ' '), 'MM/DD/YYYY')
            END""";

    /**
     * The visits mapping written by hand over the source, without the rows it must quarantine: each row's key and its
     * values, typed as the target's columns, as one record's text.
     */
    static String expectedVisits() {
        return "SELECT visit_id, ROW('V-' || lpad(visit_id::text, 6, '0'), visit_id,"
                + " (CASE clinic_cd WHEN 'LA' THEN visit_local_ts AT TIME ZONE 'America/Los_Angeles'"
                + "   ELSE visit_local_ts AT TIME ZONE 'America/New_York' END)::timestamptz,"
                + " trunc(extract(epoch FROM duration) / 60)::integer,"
                + " " + DATE + ", " + DATE + ","
                + " CASE upper(consent_yn) WHEN 'Y' THEN true WHEN 'N' THEN false END,"
                + " CASE WHEN status_cd = 'O' THEN 'open' WHEN status_cd = 'C' THEN 'closed' WHEN status_cd = 'X' THEN 'cancelled'"
                + "   WHEN status_cd = '' THEN NULL ELSE 'unknown' END,"
                + " regexp_replace(phone_txt, '[^0-9]+', '', 'g'),"
                + " initcap(btrim(split_part(full_name, ',', 1), ' ')), initcap(btrim(split_part(full_name, ',', 2), ' ')),"
                + " (amount_cents::numeric / 100)::numeric(12, 2),"
                + " (round(fee_txt::numeric, 2) * 1.08)::numeric(14, 4),"
                + " CASE WHEN amount_cents >= 50000 THEN 'high' WHEN amount_cents >= 5000 THEN 'mid'"
                + "   WHEN amount_cents IS NOT NULL THEN 'low' END,"
                + " CASE WHEN char_length(ssn) <= 4 THEN repeat('*', char_length(ssn))"
                + "   ELSE repeat('*', char_length(ssn) - 4) || right(ssn, 4) END,"
                + " encode(sha256(convert_to(mrn, 'UTF8')), 'hex'),"
                + " notes,"
                + " (attrs ->> 'weight_kg')::numeric, attrs ->> 'referral',"
                + " CASE jsonb_typeof(attrs -> 'smoker') WHEN 'boolean' THEN (attrs ->> 'smoker')::boolean END,"
                + " (attrs -> 'vitals' ->> (jsonb_array_length(attrs -> 'vitals') - 1))::numeric, attrs ->> 'vitals',"
                + " string_to_array(tags, ','), cardinality(string_to_array(tags, ','))::integer, (string_to_array(tags, ','))[1],"
                + " array_to_string(string_to_array(tags, ','), ' | '))::text"
                + " FROM legacy_visits WHERE visit_id NOT IN (" + String.join(", ", BAD.keySet().stream().map(String::valueOf).toList())
                + ") ORDER BY visit_id";
    }

    /** The target's visits of one organization, as the same record's text. */
    static final String ACTUAL_VISITS = "SELECT legacy_id, ROW(external_ref, legacy_id, visited_at, duration_min, visit_date,"
            + " visit_date_try, consent, status, phone_digits, family_name, given_name, amount, fee_total, tier, ssn_masked,"
            + " mrn_hash, notes, weight_kg, referral, smoker, pulse, vitals, tags, tag_count, first_tag, tags_joined)::text FROM visit WHERE organization_id = ? ORDER BY legacy_id";

    /** The identity mapping by hand: every row, with the organization's key derived from the platform's secret. */
    static String expectedIdentities(String organization, String secret) {
        return "SELECT visit_id, ROW('V-' || lpad(visit_id::text, 6, '0'), visit_id,"
                + " hand_check.uuid_generate_v5(hand_check.uuid_ns_url(), visit_id::text),"
                + " encode(hand_check.hmac(convert_to(mrn, 'UTF8'), hand_check.hmac(convert_to('dm-hmac-v1:" + organization
                + "', 'UTF8'), convert_to('" + secret.replace("'", "''") + "', 'UTF8'), 'sha256'), 'sha256'), 'hex'))::text"
                + " FROM legacy_visits ORDER BY visit_id";
    }

    static final String ACTUAL_IDENTITIES = "SELECT legacy_id, ROW(external_ref, legacy_id, visit_uuid, mrn_hmac)::text"
            + " FROM visit_identity WHERE organization_id = ? ORDER BY legacy_id";
}
