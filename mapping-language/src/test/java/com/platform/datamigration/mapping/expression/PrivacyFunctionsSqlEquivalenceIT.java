package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property: the privacy functions that compile to SQL give on PostgreSQL exactly what they give in Java. */
class PrivacyFunctionsSqlEquivalenceIT {

    /** Text with what trips character counts and encodings: emoji (one code point, two UTF-16 units), combining marks, flags, CJK. */
    static final String[] UNICODE = {"", " ", "a", "ab", "abc", "abcd", "abcde", "4111111111111111", "4111 1111 1111 1111", "😀", "😀😀😀😀",
        "x😀y😀z", "e\u0301", "cafe\u0301 noir", "\u0915\u094d\u0937", "🇩🇪🇫🇷", "👩‍👩‍👧", "日本語テキスト", "straße", "İstanbul",
        "O'Brien", "\t\n", "\u00a0", "Ωmega", "ǅemal", "a\u0000b".substring(0, 1), "😀x", "  padded  ", "*", "****", "\uFFFD"};

    @BeforeAll
    static void connect() throws SQLException {
        ExpressionSqlEquivalenceIT.connect();
    }

    static String unicode(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 5) {
            return UNICODE[r.nextInt(UNICODE.length)];
        }
        if (pick < 7) {
            return ExpressionSqlEquivalenceIT.text(r);
        }
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(10);
        for (int i = 0; i < length; i++) {
            s.append(UNICODE[r.nextInt(UNICODE.length)]);
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256(s)", "sha256(trim(s))", "sha256(concat(s, '|', s))", "mask(s)", "mask(s, 4)", "mask(s, keep_last => 0)",
        "mask(s, keep_last => 2, keep_first => 1)", "mask(s, keep_first => 3)", "mask(s, 1, 1)", "mask(s, 0, 0)", "mask(s, 12, 6)",
        "mask(upper(s), 2)", "mask(substring(s, 2, 5), 1)", "sha256(mask(s))", "mask(s) = '****'", "coalesce(mask(s), 'none')",
        "mask(to_text(to_integer(s)), 2)", "sha256(to_decimal(s, 12, 2))"})
    void javaAndSqlAgreeOnText(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "text", new Random(expression.hashCode()), PrivacyFunctionsSqlEquivalenceIT::unicode)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256(i)", "mask(i)", "mask(i, 2, 1)", "sha256(to_decimal(i, 20, 2))"})
    void javaAndSqlAgreeOnIntegers(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "bigint", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null
                : Long.toString(r.nextInt(5) == 0 ? r.nextLong() : r.nextInt(200_000) - 50))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256(n)", "mask(n, 3)"})
    void javaAndSqlAgreeOnDecimals(String expression) throws SQLException {
        String[] pieces = {"0", "0.00", "-0.00", "12.50", "1e3", "-1234.5678", "0.000001", "99999999999999999999.99", "1.10", "7"};
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "numeric", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null
                : r.nextInt(2) == 0 ? pieces[r.nextInt(pieces.length)] : Long.toString(r.nextInt(100_000)) + "." + r.nextInt(1000))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256(b)", "mask(b, 1)"})
    void javaAndSqlAgreeOnBooleans(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "boolean", new Random(expression.hashCode()), r -> r.nextInt(4) == 0 ? null
                : Boolean.toString(r.nextBoolean()))).isEmpty();
    }
}
