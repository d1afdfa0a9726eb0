package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function reference in {@code docs/functions.md} is the one the function table generates, and its examples hold. */
class FunctionReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "functions.md");
    /** The hashing key the examples are computed with (the reference says so where it matters). */
    static final Secrets EXAMPLE_SECRETS = Secrets.ofHmacKey("example-key".getBytes(StandardCharsets.UTF_8));

    @Test
    void theReferenceIsGeneratedFromTheFunctionTable() throws IOException {
        String generated = Functions.reference();
        if (Boolean.getBoolean("functions.reference.write")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(REFERENCE)).as(REFERENCE + " exists").isTrue();
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/functions.md is out of date: regenerate it with -Dfunctions.reference.write=true").isEqualTo(generated);
    }

    @Test
    void everyExampleEvaluatesToWhatItSays() {
        List<String> wrong = new ArrayList<>();
        for (FunctionDef def : Functions.all()) {
            String[] parts = def.example.split(" → ", 2);
            assertThat(parts).as(def.name + "'s example reads 'expression → result'").hasSize(2);
            String shown;
            try {
                shown = show(Expression.compile(parts[0], Map.of(), Lookups.NONE, EXAMPLE_SECRETS).evaluate(Map.of()));
            } catch (ExpressionException e) {
                shown = e.code();
            }
            if (!shown.equals(parts[1])) {
                wrong.add(def.name + ": " + parts[0] + " gives " + shown + ", the reference says " + parts[1]);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyFunctionIsNamedInItsOwnSignature() {
        for (FunctionDef def : Functions.all()) {
            assertThat(def.signature).as(def.name).contains(def.name);
        }
    }

    /** A value as the reference writes it: text in quotes, anything else as Java prints it. */
    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(FunctionReferenceTest::show).toList().toString();
        }
        return v.toString();
    }
}
