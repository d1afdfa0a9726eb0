package com.platform.datamigration.run;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A condition on a class file: none of its constants names the ledger's schema. */
final class LedgerSql {

    static final ArchCondition<JavaClass> NOT_MENTION_THE_LEDGER = new ArchCondition<>("not mention dm_ledger in SQL") {
        @Override
        public void check(JavaClass item, ConditionEvents events) {
            String resource = item.getName().replace('.', '/') + ".class";
            try (InputStream in = LedgerSql.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return;
                }
                // Constant pool strings are stored as (modified) UTF-8: an ASCII search finds them.
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                if (bytes.contains("dm_ledger.")) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " speaks the ledger's SQL"));
                }
            } catch (IOException e) {
                events.add(SimpleConditionEvent.violated(item, "cannot read " + resource));
            }
        }
    };

    private LedgerSql() {
    }
}
