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
    void keyBoundsTravelAsTextThatComparesAsTheColumnSortsWhateverItsType() {
        assertThat(dialect.keyText("code", "varchar(12)")).isEqualTo("CAST(`code` AS CHAR)");
        assertThat(dialect.keyText("id", "bigint(20) unsigned")).isEqualTo("CAST(`id` AS CHAR)");
        assertThat(dialect.parameter("date")).isEqualTo("?");
        // Bytes as hex: as text of the connection's character set they would not survive.
        for (String binary : List.of("binary(16)", "varbinary(4)", "BLOB", "tinyblob", "longblob")) {
            assertThat(dialect.keyText("k", binary)).as(binary).isEqualTo("HEX(`k`)");
            assertThat(dialect.parameter(binary)).as(binary).isEqualTo("UNHEX(?)");
        }
        // By number, as the column sorts: compared with a string, an ENUM or SET compares its labels alphabetically.
        for (String numbered : List.of("enum('zeta','alpha')", "set('x','a')", "bit(10)", "bit")) {
            assertThat(dialect.keyText("k", numbered)).as(numbered).isEqualTo("CAST(`k` + 0 AS CHAR)");
            assertThat(dialect.parameter(numbered)).as(numbered).isEqualTo("CAST(? AS UNSIGNED)");
        }
        assertThat(dialect.keyText("k", "bigint")).isEqualTo("CAST(`k` AS CHAR)");
        // Every digit: a FLOAT's own text keeps six.
        for (String floating : List.of("float", "float(7,4)", "double", "double(10,2) unsigned", "real")) {
            assertThat(dialect.keyText("k", floating)).as(floating).isEqualTo("CAST(`k` + 0e0 AS CHAR)");
            assertThat(dialect.parameter(floating)).as(floating).isEqualTo("?");
        }
        List<String> binds = new ArrayList<>();
        assertThat(dialect.keyRangeParameters(List.of("uid", "kind", "n"), List.of("binary(16)", "enum('b','a')", "int"),
                List.of("00FF", "2", "7"), null, binds))
                .isEqualTo("(`uid`, `kind`, `n`) >= (UNHEX(?), CAST(? AS UNSIGNED), ?)");
        assertThat(binds).containsExactly("00FF", "2", "7");
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
