package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFunctionsTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "j", Type.JSON, "i", Type.INTEGER, "b", Type.BOOLEAN);

    private static Object eval(String expression, Object s) {
        Map<String, Object> row = new HashMap<>();
        row.put("s", s);
        row.put("j", s);
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    @Test
    void readsValuesByKeysAndIndexes() {
        String doc = "{\"a\": {\"b\": [10, \"x\", true, null, {\"z\": 1, \"y\": [1,2]}]}, \"a2\": \"é\\n\"}";
        assertThat(eval("json_text(s, 'a', 'b', 0)", doc)).isEqualTo("10");
        assertThat(eval("json_text(j, 'a', 'b', 1)", doc)).isEqualTo("x");
        assertThat(eval("json_text(s, 'a', 'b', -1)", doc)).isEqualTo("{\"y\": [1, 2], \"z\": 1}");
        assertThat(eval("json_text(s, 'a', 'b', ' 2')", doc)).isEqualTo("true");
        assertThat(eval("json_text(s, 'a', 'b', 3)", doc)).isNull();
        assertThat(eval("json_text(s, 'a', 'b', 9)", doc)).isNull();
        assertThat(eval("json_text(s, 'a', 'b', -9)", doc)).isNull();
        assertThat(eval("json_text(s, 'a', 'b', 'x')", doc)).isNull();
        assertThat(eval("json_text(s, 'a2')", doc)).isEqualTo("é\n");
        assertThat(eval("json_text(s, 'a2', 0)", doc)).isNull();
        assertThat(eval("json_text(s, 'missing')", doc)).isNull();
        assertThat(eval("json_text(s, 'a')", null)).isNull();
        assertThat(eval("json_text(s)", "\"top\"")).isEqualTo("top");
        assertThat(eval("json_text(s)", "null")).isNull();
    }

    @Test
    void writesNestedValuesAsJsonb() {
        assertThat(eval("json_text(s)", "{\"b\":1,\"a\":2,\"aa\":[1,{\"x\":null}],\"a\":3}")).isEqualTo("{\"a\": 3, \"b\": 1, \"aa\": [1, {\"x\": null}]}");
        assertThat(eval("json_text(s)", "[\"\\u0001\\t\\\"\\\\/\", 1e3, 1.50e1, -0, 0.00e5, {}, []]"))
                .isEqualTo("[\"\\u0001\\t\\\"\\\\/\", 1000, 15.0, 0, 0, {}, []]");
        assertThat(eval("json_text(s)", "{\"é\": 1, \"z\": 2, \"\uE000\": 3, \"😀\": 4}")).isEqualTo("{\"z\": 2, \"é\": 1, \"\uE000\": 3, \"😀\": 4}");
    }

    @Test
    void numbersAndBooleansMustBeOfTheirType() {
        assertThat(eval("json_number(s, 'n')", "{\"n\": 12.50}")).isEqualTo(new BigDecimal("12.50"));
        assertThat(eval("json_number(s, 'n')", "{\"n\": 1E-2}")).isEqualTo(new BigDecimal("0.01"));
        assertThat(eval("json_number(s, 'n')", "{\"n\": 1e3}")).isEqualTo(new BigDecimal("1000"));
        assertThat(eval("json_number(s, 'n')", "{\"n\": null}")).isNull();
        assertThat(eval("json_number(s, 'n')", "{}")).isNull();
        assertThat(Outcomes.code(() -> eval("json_number(s, 'n')", "{\"n\": \"12\"}"))).isEqualTo("UNPARSEABLE_NUMBER");
        assertThat(Outcomes.code(() -> eval("json_number(s, 'n')", "{\"n\": true}"))).isEqualTo("UNPARSEABLE_NUMBER");
        assertThat(eval("json_bool(s, 0)", "[false]")).isEqualTo(false);
        assertThat(Outcomes.code(() -> eval("json_bool(s, 0)", "[\"true\"]"))).isEqualTo("UNPARSEABLE_BOOLEAN");
        assertThat(Outcomes.code(() -> eval("json_bool(s, 0)", "[1]"))).isEqualTo("UNPARSEABLE_BOOLEAN");
    }

    @Test
    void refusesWhatJsonbRefuses() {
        for (String bad : new String[] {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "NaN", "tru", "'x'", "\"\\u0000\"",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x\"", "\"a\tb\"", "\f1", "\u00a01", "1e131072", "1e-16384", "0e-16384",
            "0e1073741823", "1e99999999999", "{\"a\" 1}", "{1: 2}", "[1 2]", "\"unclosed", "1 2", "nulll"}) {
            assertThat(Outcomes.code(() -> eval("json_text(s)", bad))).as(bad).isEqualTo("INVALID_JSON");
        }
        for (String good : new String[] {" 1 ", "\t\r\n[]", "1e131071", "1e-16383", "0e200000", "0e1073741822", "\"\\ud83d\\ude00\"", "-0.0",
            "\"\u007f\"", "{\"a\":1,\"a\":2}"}) {
            assertThat(Outcomes.code(() -> eval("json_text(s)", good))).as(good).isEqualTo("no error");
        }
        assertThat(eval("json_text(s)", "\"\\ud83d\\ude00\\u00e9\"")).isEqualTo("😀é");
    }

    @Test
    void readsDeepDocumentsAndRefusesTooDeepOnesAsInvalid() {
        assertThat(eval("json_text(s, 0, 0)", "[".repeat(2000) + "]".repeat(2000))).isEqualTo("[" .repeat(1998) + "]".repeat(1998));
        assertThat(Outcomes.code(() -> eval("json_text(s)", "[".repeat(2_000_000) + "]".repeat(2_000_000)))).isEqualTo("INVALID_JSON");
    }

    @Test
    void checksTypesAndPaths() {
        assertThat(Outcomes.code(() -> Expression.compile("json_text(i, 'a')", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("json_text(s, s)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("json_text(s, 1.5)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("json_text()", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Expression.compile("json_number(j, 'a')", COLUMNS).type()).isEqualTo(Type.DECIMAL);
        assertThat(Expression.compile("json_bool(j, 'a')", COLUMNS).type()).isEqualTo(Type.BOOLEAN);
        assertThat(Expression.compile("json_text(s, 'a')", COLUMNS).neverNull(java.util.Set.of("s"))).isFalse();
    }

    @Test
    void splitsAndJoinsAsPostgresql() {
        assertThat(eval("split(s, ',')", "a,,b")).isEqualTo(List.of("a", "", "b"));
        assertThat(eval("split(s, ',')", "a,")).isEqualTo(List.of("a", ""));
        assertThat(eval("split(s, ',')", "")).isEqualTo(List.of());
        assertThat(eval("split(s, '')", "abc")).isEqualTo(List.of("abc"));
        assertThat(eval("split(s, ', ')", "a, b,c")).isEqualTo(List.of("a", "b,c"));
        assertThat(eval("split(s, ',')", null)).isNull();
        assertThat(eval("split(s, ',')[2]", "a,b")).isEqualTo("b");
        assertThat(eval("split(s, ',')[0]", "a,b")).isNull();
        assertThat(eval("split(s, ',')[3]", "a,b")).isNull();
        assertThat(eval("array_length(split(s, ','))", "a,b,c")).isEqualTo(3L);
        assertThat(eval("array_join(split(s, ','), '|')", "a,b")).isEqualTo("a|b");
        assertThat(eval("coalesce(split(s, ','), split('x', ','))", null)).isEqualTo(List.of("x"));
    }

    @Test
    void arrayJoinSkipsNulls() {
        Map<String, Object> row = new HashMap<>();
        row.put("arr", Arrays.asList("a", null, "b"));
        assertThat(Expression.compile("array_join(arr, ',')", Map.of("arr", Type.ARRAY)).evaluate(row)).isEqualTo("a,b");
        assertThat(Expression.compile("array_length(arr)", Map.of("arr", Type.ARRAY)).evaluate(row)).isEqualTo(3L);
        assertThat(Expression.compile("arr[2]", Map.of("arr", Type.ARRAY)).evaluate(row)).isNull();
    }

    @Test
    void checksArrayTypes() {
        assertThat(Outcomes.code(() -> Expression.compile("split(s, s)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("split(i, ',')", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("s[1]", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("split(s, ',')['a']", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("array_join(s, ',')", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("array_length(s)", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("split(s, ',') = split(s, ',')", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Expression.compile("split(s, ',')", COLUMNS).type()).isEqualTo(Type.ARRAY);
        assertThatThrownBy(() -> Expression.compile("split(s)", COLUMNS)).isInstanceOf(ExpressionException.class);
    }
}
