package com.platform.datamigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime stays a library both services can share: no framework, nothing of either service, and its packages
 * (sql, value, target, copy) free of cycles.
 */
class RuntimeModularityTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.platform.datamigration.runtime");

    @Test
    void theRuntimeNeedsNoFrameworkAndNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..",
                        "com.platform.datamigration.support..", "com.platform.datamigration.run..",
                        "com.platform.datamigration.mapping.mappings..", "com.platform.datamigration.mapping.target..")
                .check(RUNTIME);
    }

    @Test
    void itsPackagesDoNotDependOnEachOtherInACycle() {
        slices().matching("com.platform.datamigration.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
    }

    @Test
    void theRulesAboveLookAtEveryPackageOfTheRuntime() {
        // Guards against rules that pass because they saw nothing.
        for (String pkg : new String[] {"sql", "value", "target", "copy"}) {
            assertThat(RUNTIME.stream().anyMatch(c -> c.getPackageName().equals("com.platform.datamigration.runtime." + pkg)))
                    .as(pkg).isTrue();
        }
    }
}
