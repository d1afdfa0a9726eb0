package com.platform.datamigration.run.loads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.support.target.TenantScope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run hashes with the organization's key, in Java: the key never reaches the source's SQL. */
class ChunkMappingSecretsTest {

    @Test
    void aKeyedHashRunsInJavaWithTheOrganizationsKeyAndNeedsOne() {
        var pinned = ChunkMappingTenancyTest.pinned("id", "legacy_id", "name", "hmac_sha256(nm)");
        assertThatThrownBy(() -> new ChunkMapping(pinned, TenantScope.NONE)).isInstanceOfSatisfying(ExpressionException.class,
                e -> assertThat(e.code()).isEqualTo("HMAC_KEY_NOT_CONFIGURED"));

        Secrets jefe = Secrets.ofHmacKey("Jefe".getBytes(StandardCharsets.UTF_8));
        ChunkMapping mapping = new ChunkMapping(pinned, TenantScope.NONE, jefe);
        assertThat(mapping.fastPathPossible()).isFalse();
        assertThat(mapping.expressions().get("name").javaOnly()).isPresent();
        assertThat(mapping.pushdown().fields().get("name").reason())
                .isEqualTo(com.platform.datamigration.runtime.pushdown.Pushdown.Code.JAVA_ONLY_FUNCTION);
        // RFC 4231 test case 2, as the row mapper computes it (expressions compiled again with its lookups).
        assertThat(mapping.compile(Lookups.NONE).get("name").evaluate(Map.of("nm", "what do ya want for nothing?")))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
