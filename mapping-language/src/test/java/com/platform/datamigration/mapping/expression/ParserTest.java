package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    private static Expr col(String name) {
        return new Expr.Column(name);
    }

    private static Expr.Literal lit(Object value) {
        return new Expr.Literal(value);
    }

    private static Expr call(String function, Expr... args) {
        return new Expr.Call(function, List.of(args));
    }

    private static Expr cmp(String op, Expr left, Expr right) {
        return new Expr.Compare(op, left, right);
    }

    private static Expr named(String name, Expr value) {
        return new Expr.Named(name, value);
    }

    private static Expr parse(String text) {
        return Parser.parse(text);
    }

    private static String refusal(String text) {
        try {
            Parser.parse(text);
            return "no error";
        } catch (ExpressionException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    @Test
    void concatenationBindsTighterThanComparisonAndLooserThanArithmetic() {
        assertThat(parse("a || b = c")).isEqualTo(cmp("=", call("||", col("a"), col("b")), col("c")));
        assertThat(parse("a = b || c")).isEqualTo(cmp("=", col("a"), call("||", col("b"), col("c"))));
        assertThat(parse("a || b + 1")).isEqualTo(call("||", col("a"), call("+", col("b"), lit(1L))));
        assertThat(parse("a||b||c")).isEqualTo(call("||", call("||", col("a"), col("b")), col("c")));
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertThat(parse("1 + 2 * 3")).isEqualTo(call("+", lit(1L), call("*", lit(2L), lit(3L))));
        assertThat(parse("(1 + 2) * 3")).isEqualTo(call("*", call("+", lit(1L), lit(2L)), lit(3L)));
        assertThat(parse("a * b % c / d")).isEqualTo(call("/", call("%", call("*", col("a"), col("b")), col("c")), col("d")));
        assertThat(parse("a + 1 > b * 2"))
                .isEqualTo(cmp(">", call("+", col("a"), lit(1L)), call("*", col("b"), lit(2L))));
        assertThat(parse("a + 1 > b * 2 and not c - 1 <= 0 or d is null")).isEqualTo(new Expr.Logical("or",
                new Expr.Logical("and", cmp(">", call("+", col("a"), lit(1L)), call("*", col("b"), lit(2L))),
                        new Expr.Not(cmp("<=", call("-", col("c"), lit(1L)), lit(0L)))),
                new Expr.IsNull(col("d"), false)));
        assertThat(parse("a + b is not null")).isEqualTo(new Expr.IsNull(call("+", col("a"), col("b")), true));
        assertThat(parse("a != b - 1")).isEqualTo(cmp("<>", col("a"), call("-", col("b"), lit(1L))));
    }

    @Test
    void operatorsAreLeftAssociative() {
        assertThat(parse("a - b - c")).isEqualTo(call("-", call("-", col("a"), col("b")), col("c")));
        assertThat(parse("a - b + c")).isEqualTo(call("+", call("-", col("a"), col("b")), col("c")));
        assertThat(parse("a / b * c")).isEqualTo(call("*", call("/", col("a"), col("b")), col("c")));
        assertThat(parse("a = b = c")).isEqualTo(cmp("=", cmp("=", col("a"), col("b")), col("c")));
        assertThat(parse("a is null = false")).isEqualTo(cmp("=", new Expr.IsNull(col("a"), false), lit(false)));
    }

    @Test
    void aMinusBetweenOperandsSubtractsAndBeforeANumberIsItsSign() {
        Expr aMinusOne = call("-", col("a"), lit(1L));
        assertThat(parse("a - 1")).isEqualTo(aMinusOne);
        assertThat(parse("a -1")).isEqualTo(aMinusOne);
        assertThat(parse("a-1")).isEqualTo(aMinusOne);
        assertThat(parse("a- 1")).isEqualTo(aMinusOne);
        assertThat(parse("2-1")).isEqualTo(call("-", lit(2L), lit(1L)));
        assertThat(parse("a--1")).isEqualTo(call("-", col("a"), lit(-1L)));
        assertThat(parse("-1")).isEqualTo(lit(-1L));
        assertThat(parse("- 1")).isEqualTo(lit(-1L));
        assertThat(parse("(-1)")).isEqualTo(lit(-1L));
        assertThat(parse("-1.50")).isEqualTo(lit(new BigDecimal("-1.50")));
        assertThat(parse("f(-1)")).isEqualTo(call("f", lit(-1L)));
        assertThat(parse("x * -2")).isEqualTo(call("*", col("x"), lit(-2L)));
        assertThat(parse("-2 * x")).isEqualTo(call("*", lit(-2L), col("x")));
        assertThat(parse("-x")).isEqualTo(call("neg", col("x")));
        assertThat(parse("-x * 2")).isEqualTo(call("*", call("neg", col("x")), lit(2L)));
        assertThat(parse("-(1)")).isEqualTo(call("neg", lit(1L)));
        assertThat(parse("- -1")).isEqualTo(call("neg", lit(-1L)));
        assertThat(parse("- - x")).isEqualTo(call("neg", call("neg", col("x"))));
        assertThat(parse("-x[1]")).isEqualTo(call("neg", call("element", col("x"), lit(1L))));
        assertThat(parse("-9223372036854775808")).isEqualTo(lit(Long.MIN_VALUE));
        assertThat(parse("x - -9223372036854775808")).isEqualTo(call("-", col("x"), lit(Long.MIN_VALUE)));
        assertThat(refusal("9223372036854775808")).startsWith("INVALID_EXPRESSION: '9223372036854775808' is not a number");
        assertThat(parse("i > -1")).isEqualTo(cmp(">", col("i"), lit(-1L)));
    }

    @Test
    void aUnaryPlusIsDropped() {
        assertThat(parse("+1")).isEqualTo(lit(1L));
        assertThat(parse("+x")).isEqualTo(col("x"));
        assertThat(parse("a + +1")).isEqualTo(call("+", col("a"), lit(1L)));
        assertThat(parse("+-1")).isEqualTo(lit(-1L));
        assertThat(parse("-+1")).isEqualTo(call("neg", lit(1L)));
    }

    @Test
    void searchedCaseTakesConditionValuePairsAndAnElseLast() {
        assertThat(parse("case when a then 1 end")).isEqualTo(call("case", col("a"), lit(1L), lit(null)));
        assertThat(parse("CASE WHEN a THEN 1 ELSE 2 END")).isEqualTo(call("case", col("a"), lit(1L), lit(2L)));
        assertThat(parse("case when a > 1 then 'x' when b then 'y' || z else 'w' end")).isEqualTo(call("case",
                cmp(">", col("a"), lit(1L)), lit("x"), col("b"), call("||", lit("y"), col("z")), lit("w")));
        assertThat(parse("case when a then 1 when b then 2 end"))
                .isEqualTo(call("case", col("a"), lit(1L), col("b"), lit(2L), lit(null)));
        assertThat(parse("case when a then case when b then 1 end else 2 end + 1")).isEqualTo(call("+",
                call("case", col("a"), call("case", col("b"), lit(1L), lit(null)), lit(2L)), lit(1L)));
        assertThat(parse("case when a then 1 else null end")).isEqualTo(call("case", col("a"), lit(1L), lit(null)));
    }

    @Test
    void simpleCaseComparesItsOperandWithEachWhen() {
        assertThat(parse("case x when 'a' then 1 when 'b' then 2 else 3 end")).isEqualTo(call("case",
                cmp("=", col("x"), lit("a")), lit(1L), cmp("=", col("x"), lit("b")), lit(2L), lit(3L)));
        assertThat(parse("case x when 'a' then 1 end")).isEqualTo(call("case", cmp("=", col("x"), lit("a")), lit(1L), lit(null)));
        assertThat(parse("case (x) when 1 then 'one' end"))
                .isEqualTo(call("case", cmp("=", col("x"), lit(1L)), lit("one"), lit(null)));
        assertThat(parse("case trim(s) || 'x' when 'ax' then true else false end")).isEqualTo(call("case",
                cmp("=", call("||", call("trim", col("s")), lit("x")), lit("ax")), lit(true), lit(false)));
    }

    @Test
    void caseKeywordsAreNotColumnsButQuotedNamesAre() {
        assertThat(parse("case when \"when\" then \"then\" else \"else\" end = \"end\"")).isEqualTo(cmp("=",
                call("case", col("when"), col("then"), col("else")), col("end")));
        assertThat(parse("\"case\"")).isEqualTo(col("case"));
        assertThat(parse("casey + ender")).isEqualTo(call("+", col("casey"), col("ender")));
        for (String word : new String[] {"end", "when", "then", "else", "END"}) {
            assertThat(refusal(word)).as(word).startsWith("INVALID_EXPRESSION: unexpected '" + word + "'")
                    .endsWith("at position 1");
        }
        assertThat(refusal("case when a then end end")).isEqualTo(
                "INVALID_EXPRESSION: unexpected 'end' (a column of that name is written quoted: \"end\") at position 18");
        assertThat(refusal("case end")).startsWith("INVALID_EXPRESSION: unexpected 'end'");
        assertThat(refusal("case when a then 1")).isEqualTo("INVALID_EXPRESSION: expected 'when', 'else' or 'end' at position 19");
        assertThat(refusal("case when a 1 end")).isEqualTo("INVALID_EXPRESSION: expected 'then' at position 13");
        assertThat(refusal("case x then 1 end")).isEqualTo("INVALID_EXPRESSION: expected 'when' at position 8");
        assertThat(refusal("case when a then 1 else 2")).isEqualTo("INVALID_EXPRESSION: expected 'when', 'else' or 'end' at position 26");
    }

    @Test
    void functionsNamedLikeKeywordsAreStillCalls() {
        assertThat(parse("if(b, 1, 2)")).isEqualTo(call("if", col("b"), lit(1L), lit(2L)));
        assertThat(parse("IF (b, 1, 2)")).isEqualTo(call("if", col("b"), lit(1L), lit(2L)));
        assertThat(parse("left(s, 2)")).isEqualTo(call("left", col("s"), lit(2L)));
        assertThat(parse("right(s, 2)")).isEqualTo(call("right", col("s"), lit(2L)));
        assertThat(parse("replace(s, 'a', 'b')")).isEqualTo(call("replace", col("s"), lit("a"), lit("b")));
        assertThat(parse("try(to_integer(s))")).isEqualTo(call("try", call("to_integer", col("s"))));
        assertThat(parse("if")).isEqualTo(col("if"));
    }

    @Test
    void elementAccessChainsAndTakesAnyIndex() {
        assertThat(parse("x[1]")).isEqualTo(call("element", col("x"), lit(1L)));
        assertThat(parse("x[1][2]")).isEqualTo(call("element", call("element", col("x"), lit(1L)), lit(2L)));
        assertThat(parse("split(s, ',')[i + 1]"))
                .isEqualTo(call("element", call("split", col("s"), lit(",")), call("+", col("i"), lit(1L))));
        assertThat(parse("(a || b) [ 1 ] * 2")).isEqualTo(call("*", call("element", call("||", col("a"), col("b")), lit(1L)), lit(2L)));
        assertThat(parse("x[y[0]]")).isEqualTo(call("element", col("x"), call("element", col("y"), lit(0L))));
        assertThat(parse("x[-1]")).isEqualTo(call("element", col("x"), lit(-1L)));
        assertThat(parse("\"my col\"[1] = 'a'")).isEqualTo(cmp("=", call("element", col("my col"), lit(1L)), lit("a")));
        assertThat(refusal("x[1")).isEqualTo("INVALID_EXPRESSION: expected ']' at position 4");
        assertThat(refusal("x[]")).isEqualTo("INVALID_EXPRESSION: unexpected ']' at position 3");
    }

    @Test
    void namedArgumentsFollowThePositionalOnes() {
        assertThat(parse("mask(card, keep_last => 4)")).isEqualTo(call("mask", col("card"), named("keep_last", lit(4L))));
        assertThat(parse("mask(card, Keep_Last=>4, CHAR => '#')"))
                .isEqualTo(call("mask", col("card"), named("keep_last", lit(4L)), named("char", lit("#"))));
        assertThat(parse("f(n => a + 1 > 2)")).isEqualTo(call("f", named("n", cmp(">", call("+", col("a"), lit(1L)), lit(2L)))));
        assertThat(parse("f(a >= 1)")).isEqualTo(call("f", cmp(">=", col("a"), lit(1L))));
        assertThat(parse("f(g(x => 1), y)")).isEqualTo(call("f", call("g", named("x", lit(1L))), col("y")));
        assertThat(refusal("mask(keep_last => 4, card)"))
                .isEqualTo("INVALID_EXPRESSION: a positional argument after a named one at position 22");
        assertThat(refusal("f(a => 1, a => 2)")).isEqualTo("INVALID_EXPRESSION: the argument 'a' is given twice at position 11");
        assertThat(refusal("f(A => 1, a => 2)")).isEqualTo("INVALID_EXPRESSION: the argument 'a' is given twice at position 11");
        assertThat(refusal("a => 1")).isEqualTo("INVALID_EXPRESSION: a named argument (name => value) goes directly in a call's"
                + " arguments at position 3");
        assertThat(refusal("f((a => 1))")).startsWith("INVALID_EXPRESSION: a named argument").endsWith("at position 6");
        assertThat(refusal("f(\"a\" => 1)")).startsWith("INVALID_EXPRESSION: a named argument").endsWith("at position 7");
        assertThat(refusal("f(a => )")).isEqualTo("INVALID_EXPRESSION: unexpected ')' at position 8");
        assertThat(refusal("map(s, x => 1)")).isEqualTo("INVALID_EXPRESSION: map takes no named arguments at position 8");
        assertThat(refusal("map(x => s, 'a' -> 'b')")).isEqualTo("INVALID_EXPRESSION: map takes no named arguments at position 5");
        assertThat(refusal("map(s, 'a' -> 'b', else => 'c')")).isEqualTo("INVALID_EXPRESSION: map takes no named arguments at position 20");
    }

    @Test
    void mapEntriesStayLiteralAndTakeNegativeNumbers() {
        assertThat(parse("map(i, -1 -> 'minus', 1 -> 'plus')")).isEqualTo(new Expr.ValueMap(col("i"),
                List.of(new Expr.ValueMap.Entry(new Expr.Literal(-1L), new Expr.Literal("minus")),
                        new Expr.ValueMap.Entry(new Expr.Literal(1L), new Expr.Literal("plus"))), null));
        assertThat(parse("map(i + 1, 1->-1)")).isEqualTo(new Expr.ValueMap(call("+", col("i"), lit(1L)),
                List.of(new Expr.ValueMap.Entry(new Expr.Literal(1L), new Expr.Literal(-1L))), null));
        assertThat(refusal("map(i, -x -> 1)")).startsWith("INVALID_EXPRESSION: map entries are literal -> literal");
        assertThat(refusal("map(i, 1 -> 2 + 3)")).isEqualTo("INVALID_EXPRESSION: expected ')' at position 15");
    }

    @Test
    void errorsNameTheirPosition() {
        assertThat(refusal("trim(s")).isEqualTo("INVALID_EXPRESSION: expected ')' at position 7");
        assertThat(refusal("1 +")).isEqualTo("INVALID_EXPRESSION: unexpected end at position 4");
        assertThat(refusal("a * / b")).isEqualTo("INVALID_EXPRESSION: unexpected '/' at position 5");
        assertThat(refusal("a | b")).isEqualTo("INVALID_EXPRESSION: unexpected '|' at position 3");
        assertThat(refusal("a -> b")).isEqualTo("INVALID_EXPRESSION: unexpected '-' at position 3");
        assertThat(refusal("s; DROP TABLE x")).isEqualTo("INVALID_EXPRESSION: unexpected ';' at position 2");
        assertThat(refusal("a is 1")).isEqualTo("INVALID_EXPRESSION: expected 'null' after 'is' at position 6");
        assertThat(refusal("-")).isEqualTo("INVALID_EXPRESSION: unexpected end at position 2");
        assertThat(refusal("1.2.3")).isEqualTo("INVALID_EXPRESSION: '1.2.3' is not a number at position 6");
        assertThat(refusal("")).isEqualTo("INVALID_EXPRESSION: the expression is empty");
        assertThat(refusal("a".repeat(4_001))).isEqualTo("INVALID_EXPRESSION: the expression is longer than 4000 characters");
    }

    @Test
    void nestingIsLimitedOnEveryPath() {
        assertThat(refusal("(".repeat(100) + "s" + ")".repeat(100))).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(parse("(".repeat(60) + "s" + ")".repeat(60))).isEqualTo(col("s"));
        assertThat(refusal("- ".repeat(100) + "x")).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(refusal("-".repeat(2_000) + "x")).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(refusal("+".repeat(3_000) + "x")).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(refusal("x" + "[x".repeat(100) + "]".repeat(100))).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(refusal("f(".repeat(100) + ")".repeat(100))).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        assertThat(refusal("case when ".repeat(100) + "a")).startsWith("INVALID_EXPRESSION: the expression nests too deeply");
        Expr deep = col("x");
        for (int i = 0; i < 30; i++) {
            deep = call("neg", deep);
        }
        assertThat(parse("-".repeat(30) + "x")).isEqualTo(deep);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-", "*", "/", "%", "||", " = ", " and ", " or ", "<"})
    void longOperatorChainsAreRefusedOrParsedButNeverOverflowTheStack(String op) {
        int operands = (4_000 + op.length()) / (1 + op.length());
        String chain = String.join(op, java.util.Collections.nCopies(operands, "a"));
        assertThat(chain.length()).isLessThanOrEqualTo(4_000);
        assertThat(refusal(chain)).matches("no error|INVALID_EXPRESSION: .*");
    }

    @Test
    void chainsOfTwoThousandOperandsAreRefusedAndShorterOnesParseLeftDeep() {
        String twoThousand = String.join("+", java.util.Collections.nCopies(2_000, "a"));
        assertThat(twoThousand.length()).isLessThanOrEqualTo(4_000);
        assertThat(refusal(twoThousand)).startsWith("INVALID_EXPRESSION: the expression nests too deeply at position");
        Expr expected = col("a");
        for (int i = 1; i < 500; i++) {
            expected = call("+", expected, col("a"));
        }
        assertThat(parse(String.join(" + ", java.util.Collections.nCopies(500, "a")))).isEqualTo(expected);
        assertThat(refusal(String.join(" or ", java.util.Collections.nCopies(800, "a")))).as("as before operators").isEqualTo("no error");
        assertThat(refusal("not ".repeat(999) + "a")).as("as before operators").isEqualTo("no error");
    }

    /** Every expression the language had before operators parses to the tree it always did. */
    @ParameterizedTest
    @MethodSource("existingExpressions")
    void existingExpressionsKeepTheirTrees(String text, Expr tree) {
        assertThat(parse(text)).isEqualTo(tree);
    }

    static Stream<Arguments> existingExpressions() {
        return Stream.of(
                Arguments.of("trim(s)",
                        call("trim", col("s"))),
                Arguments.of("upper(s)",
                        call("upper", col("s"))),
                Arguments.of("lower(s)",
                        call("lower", col("s"))),
                Arguments.of("substring(s, 1, 2)",
                        call("substring", col("s"), lit(1L), lit(2L))),
                Arguments.of("concat(s, '-', s)",
                        call("concat", col("s"), lit("-"), col("s"))),
                Arguments.of("coalesce(s, 'none')",
                        call("coalesce", col("s"), lit("none"))),
                Arguments.of("coalesce(s, null)",
                        call("coalesce", col("s"), lit(null))),
                Arguments.of("substring(s, 2, 3)",
                        call("substring", col("s"), lit(2L), lit(3L))),
                Arguments.of("substring(s, 0, 2)",
                        call("substring", col("s"), lit(0L), lit(2L))),
                Arguments.of("substring(s, -1, 2)",
                        call("substring", col("s"), lit(-1L), lit(2L))),
                Arguments.of("substring(s, 2, 10)",
                        call("substring", col("s"), lit(2L), lit(10L))),
                Arguments.of("substring(s, 5, 1)",
                        call("substring", col("s"), lit(5L), lit(1L))),
                Arguments.of("substring(s, 1, -1)",
                        call("substring", col("s"), lit(1L), lit(-1L))),
                Arguments.of("parse_date(s, 'MM/DD/YYYY')",
                        call("parse_date", col("s"), lit("MM/DD/YYYY"))),
                Arguments.of("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')",
                        call("parse_timestamp", col("s"), lit("YYYY-MM-DD HH24:MI:SS"))),
                Arguments.of("parse_date(s, 'Month DD')",
                        call("parse_date", col("s"), lit("Month DD"))),
                Arguments.of("parse_date(s, s)",
                        call("parse_date", col("s"), col("s"))),
                Arguments.of("to_decimal(s, 12, 2)",
                        call("to_decimal", col("s"), lit(12L), lit(2L))),
                Arguments.of("to_decimal(s, 4, 2)",
                        call("to_decimal", col("s"), lit(4L), lit(2L))),
                Arguments.of("to_integer(s)",
                        call("to_integer", col("s"))),
                Arguments.of("to_text(to_integer(s))",
                        call("to_text", call("to_integer", col("s")))),
                Arguments.of("to_text(to_decimal(s, 12, 2))",
                        call("to_text", call("to_decimal", col("s"), lit(12L), lit(2L)))),
                Arguments.of("to_text(s)",
                        call("to_text", col("s"))),
                Arguments.of("to_text(utc(parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')))",
                        call("to_text", call("utc", call("parse_timestamp", col("s"), lit("YYYY-MM-DD HH24:MI:SS"))))),
                Arguments.of("to_decimal(s, 2, 5)",
                        call("to_decimal", col("s"), lit(2L), lit(5L))),
                Arguments.of("utc(ts)",
                        call("utc", col("ts"))),
                Arguments.of("map(s, 'F' -> 'female', 'M' -> 'male', else 'unknown')",
                        new Expr.ValueMap(col("s"), List.of(new Expr.ValueMap.Entry(lit("F"), lit("female")), new Expr.ValueMap.Entry(lit("M"), lit("male"))), lit("unknown"))),
                Arguments.of("map(s, 'F' -> 'female')",
                        new Expr.ValueMap(col("s"), List.of(new Expr.ValueMap.Entry(lit("F"), lit("female"))), null)),
                Arguments.of("i <> 0",
                        new Expr.Compare("<>", col("i"), lit(0L))),
                Arguments.of("i <> 0 or true",
                        new Expr.Logical("or", new Expr.Compare("<>", col("i"), lit(0L)), lit(true))),
                Arguments.of("i <> 0 and false",
                        new Expr.Logical("and", new Expr.Compare("<>", col("i"), lit(0L)), lit(false))),
                Arguments.of("not (i <> 0)",
                        new Expr.Not(new Expr.Compare("<>", col("i"), lit(0L)))),
                Arguments.of("i is null",
                        new Expr.IsNull(col("i"), false)),
                Arguments.of("i is not null",
                        new Expr.IsNull(col("i"), true)),
                Arguments.of("d = 2.5",
                        new Expr.Compare("=", col("d"), lit(new BigDecimal("2.5")))),
                Arguments.of("concat(\"Mixed Case\", '''s')",
                        call("concat", col("Mixed Case"), lit("'s"))),
                Arguments.of("pg_sleep(10)",
                        call("pg_sleep", lit(10L))),
                Arguments.of("nope",
                        col("nope")),
                Arguments.of("trim(i)",
                        call("trim", col("i"))),
                Arguments.of("s and b",
                        new Expr.Logical("and", col("s"), col("b"))),
                Arguments.of("trim(s, s)",
                        call("trim", col("s"), col("s"))),
                Arguments.of("concat(s, s)",
                        call("concat", col("s"), col("s"))),
                Arguments.of("lookup('patients', concat('P-', s))",
                        call("lookup", lit("patients"), call("concat", lit("P-"), col("s")))),
                Arguments.of("lookup('patients', s)",
                        call("lookup", lit("patients"), col("s"))),
                Arguments.of("lookup('nope', s)",
                        call("lookup", lit("nope"), col("s"))),
                Arguments.of("lookup(s, s)",
                        call("lookup", col("s"), col("s"))),
                Arguments.of("patient_id",
                        col("patient_id")),
                Arguments.of("mrn",
                        col("mrn")),
                Arguments.of("trim(first_nm)",
                        call("trim", col("first_nm"))),
                Arguments.of("last_nm",
                        col("last_nm")),
                Arguments.of("parse_date(dob_txt, 'MM/DD/YYYY')",
                        call("parse_date", col("dob_txt"), lit("MM/DD/YYYY"))),
                Arguments.of("map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')",
                        new Expr.ValueMap(col("sex_cd"), List.of(new Expr.ValueMap.Entry(lit("F"), lit("female")), new Expr.ValueMap.Entry(lit("M"), lit("male"))), lit("unknown"))),
                Arguments.of("email_addr",
                        col("email_addr")),
                Arguments.of("phone_no",
                        col("phone_no")),
                Arguments.of("to_decimal(balance_txt, 12, 2)",
                        call("to_decimal", col("balance_txt"), lit(12L), lit(2L))),
                Arguments.of("is_active <> 0",
                        new Expr.Compare("<>", col("is_active"), lit(0L))),
                Arguments.of("utc(created_ts)",
                        call("utc", col("created_ts"))),
                Arguments.of("coalesce(notes, '')",
                        call("coalesce", col("notes"), lit(""))),
                Arguments.of("s = 'F'",
                        new Expr.Compare("=", col("s"), lit("F"))),
                Arguments.of("s is null",
                        new Expr.IsNull(col("s"), false)),
                Arguments.of("trim(s) <> '' and s is not null",
                        new Expr.Logical("and", new Expr.Compare("<>", call("trim", col("s")), lit("")), new Expr.IsNull(col("s"), true))),
                Arguments.of("parse_date(s, 'YYYY-MM-DD')",
                        call("parse_date", col("s"), lit("YYYY-MM-DD"))),
                Arguments.of("parse_date(s, 'DD.MM.YYYY')",
                        call("parse_date", col("s"), lit("DD.MM.YYYY"))),
                Arguments.of("parse_timestamp(s, 'YYYY-MM-DDTHH24:MI')",
                        call("parse_timestamp", col("s"), lit("YYYY-MM-DDTHH24:MI"))),
                Arguments.of("substring(s, 1, to_integer(s))",
                        call("substring", col("s"), lit(1L), call("to_integer", col("s")))),
                Arguments.of("to_decimal(to_integer(s), 4, 1)",
                        call("to_decimal", call("to_integer", col("s")), lit(4L), lit(1L))),
                Arguments.of("map(s, 'F' -> 'female', else to_text(parse_date(s, 'MM/DD/YYYY')))",
                        new Expr.ValueMap(col("s"), List.of(new Expr.ValueMap.Entry(lit("F"), lit("female"))), call("to_text", call("parse_date", col("s"), lit("MM/DD/YYYY"))))),
                Arguments.of("i > 5 and i < 100",
                        new Expr.Logical("and", new Expr.Compare(">", col("i"), lit(5L)), new Expr.Compare("<", col("i"), lit(100L)))),
                Arguments.of("not (i = 3) or i is null",
                        new Expr.Logical("or", new Expr.Not(new Expr.Compare("=", col("i"), lit(3L))), new Expr.IsNull(col("i"), false))),
                Arguments.of("to_decimal(i, 20, 2)",
                        call("to_decimal", col("i"), lit(20L), lit(2L))),
                Arguments.of("to_decimal(i, 19, 0)",
                        call("to_decimal", col("i"), lit(19L), lit(0L))),
                Arguments.of("coalesce(i, -1)",
                        call("coalesce", col("i"), lit(-1L))),
                Arguments.of("concat('P-', to_text(i))",
                        call("concat", lit("P-"), call("to_text", col("i")))),
                Arguments.of("to_text(to_decimal(i, 20, 2))",
                        call("to_text", call("to_decimal", col("i"), lit(20L), lit(2L)))),
                Arguments.of("in_zone(ts, 'America/New_York')",
                        call("in_zone", col("ts"), lit("America/New_York"))),
                Arguments.of("in_zone(ts, 'Europe/Berlin')",
                        call("in_zone", col("ts"), lit("Europe/Berlin"))),
                Arguments.of("in_zone(ts, 'Australia/Lord_Howe')",
                        call("in_zone", col("ts"), lit("Australia/Lord_Howe"))));
    }
}
