package com.platform.datamigration.runtime.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TextCopyWriterTest {

    @Test
    void valuesAreWrittenAsPostgresReadsThemBackWithControlCharactersEscaped() {
        TextCopyWriter writer = new TextCopyWriter();
        writer.row(new Object[] {null, true, new BigDecimal("1E+3"), LocalDateTime.of(2020, 1, 2, 3, 4, 5), "a\tb\\c\nd\0e",
                new byte[] {0x0f, (byte) 0xa0}});
        assertThat(new String(writer.bytes(), 0, writer.size(), StandardCharsets.UTF_8))
                .isEqualTo("\\N\tt\t1000\t2020-01-02T03:04:05\ta\\tb\\\\c\\nde\t\\\\x0fa0\n");
    }
}
