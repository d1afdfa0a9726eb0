package com.platform.datamigration.mapping.expression;

/** The benchmark mapping of shared/bench (legacy_patients → patient) in the expression language. */
final class BenchmarkMapping {

    static final String[][] RULES = {
        {"id", "patient_id"},
        {"medical_record_number", "mrn"},
        {"given_name", "trim(first_nm)"},
        {"family_name", "last_nm"},
        {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"},
        {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"},
        {"email", "email_addr"},
        {"phone", "phone_no"},
        {"balance", "to_decimal(balance_txt, 12, 2)"},
        {"active", "is_active <> 0"},
        {"created_at", "utc(created_ts)"},
        {"notes", "coalesce(notes, '')"},
    };

    private BenchmarkMapping() {
    }
}
