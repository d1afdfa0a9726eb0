package com.platform.datamigration.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.DatabaseType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL MySQL and MariaDB sources are read with, as text. */
class MySqlDialectTest {

    private final SqlDialect dialect = SqlDialect.of(DatabaseType.MARIADB);

    @Test
    void bothEnginesShareTheDialect() {
        assertThat(SqlDialect.of(DatabaseType.MYSQL)).isSameAs(dialect);
    }

    @Test
    void identifiersAreBackquotedWithTheirBackquotesDoubled() {
        assertThat(dialect.quote("a`b")).isEqualTo("`a``b`");
        assertThat(dialect.table("clinic", "patients")).isEqualTo("`clinic`.`patients`");
    }

    @Test
    void aKeyRangeTakesUntypedParameters() {
        List<String> binds = new ArrayList<>();
        assertThat(dialect.keyRangeParameters(List.of("id"), List.of("int"), List.of("1"), List.of("9"), binds))
                .isEqualTo("(`id`) >= (?) AND (`id`) < (?)");
        assertThat(binds).containsExactly("1", "9");
    }

    @Test
    void aSamplesLongestValuesAreMeasuredInCharacters() {
        assertThat(dialect.textLength("nm")).isEqualTo("CHAR_LENGTH(`nm`)");
    }

    @Test
    void noMappingExpressionIsComputedByTheSource() {
        assertThat(dialect.expressionText(com.platform.datamigration.mapping.expression.Expression.compile("to_text(id)",
                java.util.Map.of("id", com.platform.datamigration.mapping.expression.Type.INTEGER)))).isEmpty();
    }
}
