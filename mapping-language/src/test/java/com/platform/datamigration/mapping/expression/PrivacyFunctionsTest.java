package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivacyFunctionsTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "n", Type.DECIMAL, "b", Type.BOOLEAN,
            "u", Type.UUID, "d", Type.DATE, "f", Type.FLOAT, "j", Type.JSON);
    private static final Secrets KEY_A = Secrets.ofHmacKey("organization-a".getBytes(StandardCharsets.UTF_8));
    private static final Secrets KEY_B = Secrets.ofHmacKey("organization-b".getBytes(StandardCharsets.UTF_8));

    private static Object eval(String expression, Object s) {
        return eval(expression, s, KEY_A);
    }

    private static Object eval(String expression, Object s, Secrets secrets) {
        Map<String, Object> row = new HashMap<>();
        row.put("s", s);
        return Expression.compile(expression, COLUMNS, Lookups.NONE, secrets).evaluate(row);
    }

    private static String code(String expression) {
        return code(expression, KEY_A);
    }

    private static String code(String expression, Secrets secrets) {
        try {
            Expression.compile(expression, COLUMNS, Lookups.NONE, secrets);
            return "no error";
        } catch (ExpressionException e) {
            return e.code();
        }
    }

    @Test
    void sha256IsTheHexOfTheUtf8Text() {
        assertThat(eval("sha256(s)", "")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(eval("sha256(s)", "abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(eval("sha256(s)", null)).isNull();
        assertThat(Expression.compile("sha256(i)", COLUMNS).evaluate(Map.of("i", 42L))).isEqualTo(eval("sha256(s)", "42"));
        assertThat(Expression.compile("sha256(n)", COLUMNS).evaluate(Map.of("n", new BigDecimal("12.50"))))
                .isEqualTo(eval("sha256(s)", "12.50"));
        assertThat(Expression.compile("sha256(b)", COLUMNS).evaluate(Map.of("b", true))).isEqualTo(eval("sha256(s)", "true"));
        assertThat(Expression.compile("sha256(u)", COLUMNS).evaluate(Map.of("u", java.util.UUID.fromString("2ED6657D-E927-568B-95E1-2665A8AEA6A2"))))
                .isEqualTo(eval("sha256(s)", "2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assertThat(Expression.compile("sha256(s)", COLUMNS).pushable()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sha256(d)|INVALID_TYPE", "sha256(f)|INVALID_TYPE", "sha256(j)|INVALID_TYPE",
        "sha256(s, s)|INVALID_ARGUMENTS", "sha256()|INVALID_ARGUMENTS", "mask(d)|INVALID_TYPE", "mask(s, i)|INVALID_ARGUMENTS",
        "mask(s, -1)|INVALID_ARGUMENTS", "mask(s, 1000001)|INVALID_ARGUMENTS", "mask(s, 'x')|INVALID_ARGUMENTS",
        "mask(s, 1, 2, 3)|INVALID_ARGUMENTS", "mask(s, keep_middle => 1)|INVALID_ARGUMENTS", "mask(s, keep_first => i)|INVALID_ARGUMENTS",
        "mask(s, 1.5)|INVALID_ARGUMENTS", "hmac_sha256(d)|INVALID_TYPE", "hmac_sha256(s, s)|INVALID_ARGUMENTS",
        "uuid_v5('dns')|INVALID_ARGUMENTS", "uuid_v5(s, s)|INVALID_ARGUMENTS", "uuid_v5('example.com', s)|INVALID_ARGUMENTS",
        "uuid_v5('6ba7b810-9dad-11d1-80b4-00c04fd430c', s)|INVALID_ARGUMENTS", "uuid_v5('dns', f)|INVALID_TYPE",
        "uuid_v5('dns', j)|INVALID_TYPE", "sha256(s)|no error", "mask(s, keep_last => null)|no error", "uuid_v5('URL', s)|no error"})
    void badArgumentsAreRefusedWithClearCodes(String expression, String code) {
        assertThat(code(expression)).as(expression).isEqualTo(code);
    }

    @Test
    void maskKeepsTheLastCharactersAndMasksShortValuesWhole() {
        assertThat(eval("mask(s)", "4111111111111111")).isEqualTo("************1111");
        assertThat(eval("mask(s, keep_last => 2)", "secret")).isEqualTo("****et");
        assertThat(eval("mask(s, keep_last => null)", "secret")).isEqualTo("**cret");
        assertThat(eval("mask(s, keep_last => 2, keep_first => 1)", "secret")).isEqualTo("s***et");
        assertThat(eval("mask(s, keep_first => 1)", "secret")).isEqualTo("s*cret");
        assertThat(eval("mask(s, keep_first => 2)", "secret")).isEqualTo("******");  // six characters, six to keep: masked whole
        assertThat(eval("mask(s, keep_first => 1)", "secrets")).isEqualTo("s**rets");
        assertThat(eval("mask(s, 0)", "abc")).isEqualTo("***");
        assertThat(eval("mask(s)", "abcd")).isEqualTo("****");
        assertThat(eval("mask(s)", "abc")).isEqualTo("***");
        assertThat(eval("mask(s)", "")).isEqualTo("");
        assertThat(eval("mask(s)", null)).isNull();
        // Characters are code points: an emoji is one, a combining accent another.
        assertThat(eval("mask(s, 1)", "😀😀😀")).isEqualTo("**😀");
        assertThat(eval("mask(s, 1)", "cafe\u0301")).isEqualTo("****\u0301");
        assertThat(Expression.compile("mask(s)", COLUMNS).pushable()).isTrue();
        assertThat(Expression.compile("mask(s)", COLUMNS).neverNull(java.util.Set.of("s"))).isTrue();
        assertThat(Expression.compile("mask(s)", COLUMNS).neverNull(java.util.Set.of())).isFalse();
    }

    @Test
    void maskNeverRevealsMoreThanItKeepsAndKeepsTheLength() {
        Random r = new Random(11);
        String[] pieces = {"a", "😀", "e\u0301", "日", " ", "🇩🇪"};
        for (int c = 0; c < 500; c++) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                s.append(pieces[r.nextInt(pieces.length)]);
            }
            String value = s.toString();
            int last = r.nextInt(6);
            int first = r.nextInt(3);
            String masked = (String) eval("mask(s, " + last + ", " + first + ")", value);
            int length = value.codePointCount(0, value.length());
            assertThat(masked.codePointCount(0, masked.length())).isEqualTo(length);
            if (length <= last + first) {
                assertThat(masked).isEqualTo("*".repeat(length));
            } else {
                int[] cps = value.codePoints().toArray();
                int[] out = masked.codePoints().toArray();
                for (int i = 0; i < length; i++) {
                    assertThat(out[i]).isEqualTo(i < first || i >= length - last ? cps[i] : '*');
                }
            }
        }
    }

    @Test
    void hmacDependsOnTheOrganizationsKeyAndNeedsOne() {
        String a = (String) eval("hmac_sha256(s)", "Ada", KEY_A);
        assertThat(a).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(eval("hmac_sha256(s)", "Ada", KEY_A));
        assertThat(eval("hmac_sha256(s)", "Ada", KEY_B)).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(eval("sha256(s)", "Ada"));
        assertThat(eval("hmac_sha256(s)", null, KEY_A)).isNull();
        // RFC 4231 test case 2.
        Secrets jefe = Secrets.ofHmacKey("Jefe".getBytes(StandardCharsets.UTF_8));
        assertThat(eval("hmac_sha256(s)", "what do ya want for nothing?", jefe))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        Expression e = Expression.compile("hmac_sha256(s)", COLUMNS, Lookups.NONE, KEY_A);
        assertThat(e.pushable()).isFalse();
        assertThat(e.javaOnly()).contains("keeps the organization's hashing key out of the source's SQL");
        assertThatThrownBy(() -> e.toSql(ExpressionTest::quote)).isInstanceOf(ExpressionException.class);

        assertThat(code("hmac_sha256(s)", Secrets.NONE)).isEqualTo("HMAC_KEY_NOT_CONFIGURED");
        assertThatThrownBy(() -> Expression.compile("hmac_sha256(s)", COLUMNS))
                .hasMessageContaining("no", "configured");
        assertThatThrownBy(() -> Expression.compile("coalesce(hmac_sha256(s), 'x')", COLUMNS, Lookups.NONE,
                Secrets.missing("set dm.privacy.hmac-secret"))).hasMessage("set dm.privacy.hmac-secret");
    }

    @Test
    void secretsNeverPrintTheKey() {
        byte[] key = "a-very-secret-key".getBytes(StandardCharsets.UTF_8);
        Secrets s = Secrets.ofHmacKey(key);
        key[0] = 'X';  // the secrets hold their own copy
        assertThat(s.toString()).doesNotContain("secret-key");
        assertThat(new String(s.hmacKey().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("a-very-secret-key");
        s.hmacKey().orElseThrow()[0] = 'Y';
        assertThat(new String(s.hmacKey().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("a-very-secret-key");
        assertThatThrownBy(() -> Secrets.ofHmacKey(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        try {
            Expression.compile("hmac_sha256(d)", COLUMNS, Lookups.NONE, s);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).doesNotContain("secret");
        }
    }

    @Test
    void uuidV5FollowsRfc9562() {
        assertThat(eval("uuid_v5('dns', s)", "www.example.com")).isEqualTo("2ed6657d-e927-568b-95e1-2665a8aea6a2");
        assertThat(eval("uuid_v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', s)", "www.example.com"))
                .isEqualTo("2ed6657d-e927-568b-95e1-2665a8aea6a2");
        assertThat(eval("uuid_v5('DNS', s)", "python.org")).isEqualTo("886313e1-3b8a-5372-9b90-0c9aee199e5d");
        assertThat(eval("uuid_v5('url', s)", "https://example.com/ü")).isEqualTo("a17f7a1d-6bb5-51a9-9d32-f9d2fdeec8b6");
        assertThat(eval("uuid_v5('oid', s)", "1.3.6.1")).isEqualTo("1447fa61-5277-5fef-a9b3-fbc6e44f4af3");
        assertThat(eval("uuid_v5('x500', s)", "cn=x")).isEqualTo("a951fb6d-5aab-5a72-8e2e-9aa8df8d1f8f");
        assertThat(eval("uuid_v5('12345678-1234-5678-1234-567812345678', s)", "😀")).isEqualTo("bad81387-a3e8-5ca6-ae59-4296167fafcf");
        assertThat(eval("uuid_v5('dns', s)", null)).isNull();
        assertThat(Expression.compile("uuid_v5(namespace => 'dns', name => i)", COLUMNS).evaluate(Map.of("i", 7L)))
                .isEqualTo(eval("uuid_v5('dns', s)", "7"));
        Expression e = Expression.compile("uuid_v5('dns', s)", COLUMNS);
        assertThat(e.type()).isEqualTo(Type.UUID);
        assertThat(e.javaOnly()).contains("PostgreSQL has no SHA-1 without an extension");
    }
}
