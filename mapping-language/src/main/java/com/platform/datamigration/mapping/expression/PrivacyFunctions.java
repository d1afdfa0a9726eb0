package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Privacy: hashes, keyed hashes, masks and name-based identifiers, so personal data can be moved pseudonymised. The
 * text a value is hashed or masked as is the one PostgreSQL writes ({@code CAST(x AS text)}): text, integers, decimals
 * (as written, {@code 12.50}), booleans ({@code true}) and uuids (lower case).
 */
final class PrivacyFunctions {

    /** The most characters {@code mask} may keep at either end. */
    static final long MAX_KEEP = 1_000_000;

    /** The namespaces of RFC 9562 (appendix C) {@code uuid_v5} knows by name. */
    static final Map<String, String> NAMESPACES = Map.of(
            "dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
            "oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
            "x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8");

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PrivacyFunctions() {
    }

    static List<FunctionDef> all() {
        return List.of(
                function("sha256").category("privacy")
                        .doc("sha256(x)", "The SHA-256 hash of the value's text (UTF-8), in lower-case hex: the same value always gives "
                                + "the same hash, which anyone can compute too (use hmac_sha256 for values that are easy to guess). Takes "
                                + "text, an integer, a decimal, a boolean or a uuid.",
                                "sha256('Ada') → '" + hex(sha256Bytes("Ada")) + "'")
                        .check(a -> {
                            a.arity(1, 1);
                            textual(a, 0);
                            return Type.STRING;
                        })
                        .evaluate(a -> hex(sha256Bytes(text(a.get(0)))))
                        .sql(a -> "encode(sha256(convert_to(" + textSql(a, 0) + ", 'UTF8')), 'hex')"),
                function("mask").category("privacy").lazy().params("value", "keep_last", "keep_first")
                        .doc("mask(value, keep_last => 4, keep_first => 0)", "Every character (code point) replaced by `*` but the last "
                                + "`keep_last` (4 when left out) and the first `keep_first` (0 when left out), both literal whole numbers. "
                                + "A value no longer than the characters it would keep is masked whole, so it is never shown in full. "
                                + "Takes text, an integer, a decimal, a boolean or a uuid.",
                                "mask('4111111111111111') → '************1111'")
                        .nulls("null when the value is null")
                        .check(a -> {
                            a.arity(1, 3);
                            textual(a, 0);
                            keep(a, 1, "keep_last");
                            keep(a, 2, "keep_first");
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            Object v = a.get(0);
                            return v == null ? null : mask(text(v), keepOf(a.size() > 1 ? a.raw(1) : null, 4), keepOf(a.size() > 2 ? a.raw(2) : null, 0));
                        })
                        .sql(a -> maskSql(textSql(a, 0), keepOf(a.size() > 1 ? a.raw(1) : null, 4), keepOf(a.size() > 2 ? a.raw(2) : null, 0)))
                        .neverNull(args -> args[0]),
                function("hmac_sha256").category("privacy")
                        .doc("hmac_sha256(x)", "The HMAC-SHA-256 of the value's text (UTF-8) keyed by the organization's hashing key, "
                                + "in lower-case hex: the same value gives the same hash within an organization, a different one in "
                                + "another, and nobody without the key can compute or guess it. The key is configured on the platform "
                                + "and appears nowhere (without it a mapping using this function is `HMAC_KEY_NOT_CONFIGURED`); the "
                                + "example uses the key `example-key`. Takes text, an integer, a decimal, a boolean or a uuid.",
                                "hmac_sha256('Ada') → '" + hex(hmac("example-key".getBytes(StandardCharsets.UTF_8), "Ada")) + "'")
                        .check(a -> {
                            a.arity(1, 1);
                            textual(a, 0);
                            if (a.secrets().hmacKey().isEmpty()) {
                                throw new ExpressionException("HMAC_KEY_NOT_CONFIGURED", a.secrets().missingKey());
                            }
                            return Type.STRING;
                        })
                        .evaluate(a -> {
                            byte[] key = a.secrets().hmacKey().orElseThrow(() -> new ExpressionException("HMAC_KEY_NOT_CONFIGURED",
                                    a.secrets().missingKey()));
                            return hex(hmac(key, text(a.get(0))));
                        })
                        .javaOnly("keeps the organization's hashing key out of the source's SQL"),
                function("uuid_v5").category("privacy").params("namespace", "name")
                        .doc("uuid_v5(namespace, name)", "The name-based (SHA-1) uuid of RFC 9562 (version 5) of the name's text "
                                + "(UTF-8) in the namespace: a literal uuid in quotes, or 'dns', 'url', 'oid' or 'x500'. The same name "
                                + "always gives the same uuid, so keys can be turned into uuids that stay stable across runs. Takes "
                                + "text, an integer, a decimal, a boolean or a uuid as the name.",
                                "uuid_v5('dns', 'www.example.com') → '2ed6657d-e927-568b-95e1-2665a8aea6a2'")
                        .check(a -> {
                            a.arity(2, 2);
                            namespace(a.literalString(0));
                            textual(a, 1);
                            return Type.UUID;
                        })
                        .evaluate(a -> uuidV5(namespace(a.literalString(0)), text(a.get(1))))
                        .javaOnly("PostgreSQL has no SHA-1 without an extension"));
    }

    /** Argument {@code i} is text or a value whose text is the same in Java and PostgreSQL. */
    private static void textual(FunctionDef.CheckArgs a, int i) {
        a.expectOneOf(i, Type.STRING, Type.INTEGER, Type.DECIMAL, Type.BOOLEAN, Type.UUID);
    }

    /** The value's text, as PostgreSQL's {@code CAST(x AS text)} writes it. */
    static String text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    private static String textSql(FunctionDef.SqlArgs a, int i) {
        Type t = a.type(i);
        return t == Type.STRING || t == Type.NULL ? a.arg(i) : "CAST(" + a.arg(i) + " AS text)";
    }

    private static void keep(FunctionDef.CheckArgs a, int i, String name) {
        if (i >= a.size() || (a.raw(i) instanceof Expr.Literal l && l.value() == null)) {
            return;
        }
        if (!(a.raw(i) instanceof Expr.Literal l && l.value() instanceof Long n)) {
            throw a.invalid("mask's " + name + " must be a literal whole number");
        }
        if (n < 0 || n > MAX_KEEP) {
            throw a.invalid("mask's " + name + " must be between 0 and " + MAX_KEEP + ", not " + n);
        }
    }

    /** A literal keep count, or the default when left out (a named argument left out is a null literal). */
    private static int keepOf(Expr raw, int otherwise) {
        return raw instanceof Expr.Literal l && l.value() instanceof Long n ? (int) (long) n : otherwise;
    }

    static String mask(String s, int keepLast, int keepFirst) {
        int length = s.codePointCount(0, s.length());
        if (length <= (long) keepLast + keepFirst) {
            return "*".repeat(length);
        }
        int begin = s.offsetByCodePoints(0, keepFirst);
        int end = s.offsetByCodePoints(0, length - keepLast);
        return s.substring(0, begin) + "*".repeat(length - keepFirst - keepLast) + s.substring(end);
    }

    private static String maskSql(String x, int keepLast, int keepFirst) {
        String length = "char_length(" + x + ")";
        long kept = (long) keepLast + keepFirst;
        if (kept == 0) {
            return "repeat('*', " + length + ")";
        }
        String middle = (keepFirst == 0 ? "" : "left(" + x + ", " + keepFirst + ") || ") + "repeat('*', " + length + " - " + kept + ")"
                + (keepLast == 0 ? "" : " || right(" + x + ", " + keepLast + ")");
        return "CASE WHEN " + length + " <= " + kept + " THEN repeat('*', " + length + ") ELSE " + middle + " END";
    }

    /** The namespace named or written: a uuid in the usual 8-4-4-4-12 hex form, or dns, url, oid or x500. */
    static java.util.UUID namespace(String literal) {
        String named = NAMESPACES.get(literal.toLowerCase(Locale.ROOT));
        if (named != null) {
            return java.util.UUID.fromString(named);
        }
        if (!UUID_TEXT.matcher(literal).matches()) {
            throw new ExpressionException("INVALID_ARGUMENTS", "uuid_v5's namespace must be a uuid in quotes or one of 'dns', 'url', "
                    + "'oid', 'x500', not '" + literal + "'");
        }
        return java.util.UUID.fromString(literal);
    }

    /** RFC 9562's version 5: SHA-1 of the namespace's 16 bytes and the name's UTF-8, with version and variant set. */
    static String uuidV5(java.util.UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] ns = new byte[16];
        long msb = namespace.getMostSignificantBits();
        long lsb = namespace.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            ns[i] = (byte) (msb >>> (56 - 8 * i));
            ns[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        sha1.update(ns);
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (h[i] & 0xff);
            lo = (lo << 8) | (h[8 + i] & 0xff);
        }
        return new java.util.UUID(hi, lo).toString();
    }

    static byte[] sha256Bytes(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // The message of a key error could describe the key: it is not passed on.
            throw new IllegalStateException("HMAC-SHA-256 is not available");
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
