package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegexSubsetTest {

    private static boolean finds(String pattern, String text) {
        return RegexSubset.compile(pattern, false).java().matcher(text).find();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "^[A-Z]+-\\d+$", "[a-z0-9_]+", "[^,]+", "\\w+@\\w+\\.com", "(\\d{4})-(\\d{2})-(\\d{2})", "a(?:b)?c",
        "(?:ab|cd)+", "^(?:jpg|png)$", "\\s+", "a.b", "x{1,3}", "[A-Za-z_]+\\d", "\\.", "\\\\", "\\$", "[\\]\\[]", "[a-]", "a|b",
        "(a)?b", "é+", "😀", "\\n", "[\\d\\s]", "\\D\\W\\S", "(?:a|b)c{2,}", "^", ""})
    void acceptsTheSubset(String pattern) {
        RegexSubset.compile(pattern, false);
        RegexSubset.compile(pattern, true);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " :: ", quoteCharacter = '"', value = {
        "(a)\\1 :: escape \\1",
        "(?=a) :: (? other than (?:",
        "(?i)a :: (? other than (?:",
        "a*? :: lazy",
        "a++ :: lazy",
        "\\bword :: escape \\b",
        "\\yword :: escape \\y",
        "[[:alpha:]] :: POSIX",
        "a*a :: ambiguous",
        "(?:a|ab)c :: ambiguous",
        "\\w+\\d :: ambiguous",
        "(ab)+ :: repeated capture group",
        "((a)b)* :: repeated capture group",
        "(?:a*)* :: can match the empty text",
        "(?:|a) :: can match the empty text",
        "a{256} :: above 255",
        "a{3,2} :: m < n",
        "[z-a] :: backwards",
        "^a|b :: put the alternatives in a group",
        "a^b :: only at the very start",
        "a$b :: only at the very start",
        "*a :: nothing before it",
        "(a :: a '(' without its ')'",
        "a) :: unexpected ')'",
        "[a :: without its ']'",
        "[] :: empty class",
        "[^\u0001-\uDBFF\uDFFF] :: matches no character",
        "\\p{L} :: escape \\p",
        "[a-\\d] :: range to a class escape",
        "[\\D] :: inside [ ]",
        "\\x41 :: escape \\x"})
    void refusesWhatEnginesReadDifferently(String pattern, String reason) {
        assertThatThrownBy(() -> RegexSubset.compile(pattern, false)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining(reason).extracting(e -> ((ExpressionException) e).code()).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void classesAreAsciiAndDotTakesNewlines() {
        assertThat(finds("^\\w$", "é")).isFalse();
        assertThat(finds("^\\d$", "٣")).isFalse();
        assertThat(finds("^\\s$", "\u00a0")).isFalse();
        assertThat(finds("^\\s$", "\u000b")).isTrue();
        assertThat(finds("^a.b$", "a\nb")).isTrue();
        assertThat(finds("^.$", "😀")).isTrue();
        assertThat(finds("b$", "ab\n")).isFalse();
        assertThat(finds("b$", "ab")).isTrue();
        assertThat(finds("^b", "a\nb")).isFalse();
    }

    @Test
    void ignoringCaseIsOneCharacterForOne() {
        RegexSubset.Compiled c = RegexSubset.compile("ǅ", true);
        assertThat(c.java().matcher("ǆ").find()).isTrue();
        assertThat(c.java().matcher("Ǆ").find()).isTrue();
        assertThat(RegexSubset.compile("ss", true).java().matcher("ß").find()).isFalse();
        assertThat(RegexSubset.compile("k", true).java().matcher("\u212a").find()).isFalse();
        assertThat(RegexSubset.compile("[^a-z]", true).java().matcher("A").find()).isFalse();
        assertThat(RegexSubset.compile("é", true).java().matcher("É").find()).isTrue();
        assertThat(RegexSubset.compile("\\W", true).java().matcher("k").find()).isFalse();
    }

    @Test
    void bothDialectsWriteEveryClassOut() {
        RegexSubset.Compiled c = RegexSubset.compile("^\\d+(x)?$", false);
        assertThat(c.java().pattern()).isEqualTo("^[\\x{30}-\\x{39}]+(x)?\\z");
        assertThat(c.postgres()).isEqualTo("^[\\U00000030-\\U00000039]+(x)?$");
        assertThat(c.groups()).isEqualTo(1);
        assertThat(c.matchesEmpty()).isFalse();
        assertThat(RegexSubset.compile("a*", false).matchesEmpty()).isTrue();
    }

    @Test
    void flagsAreGAndIOnly() {
        RegexSubset.checkFlags("regexp_replace", "gi", "gi");
        assertThatThrownBy(() -> RegexSubset.checkFlags("regexp_replace", "gg", "gi")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> RegexSubset.checkFlags("regexp_replace", "n", "gi")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> RegexSubset.checkFlags("matches", "g", "i")).isInstanceOf(ExpressionException.class);
    }
}
