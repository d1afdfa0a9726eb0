package com.platform.datamigration.run;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * run-service's packages: no cycles between them, the engine (ledger, workers, loads) never reaches into the HTTP
 * side, and the run's outcome rules stand alone.
 */
class RunServiceModularityTest {

    private static final JavaClasses RUN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.platform.datamigration.run");

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        slices().matching("com.platform.datamigration.run.(*)..").should().beFreeOfCycles().check(RUN);
    }

    @Test
    void theEngineNeverReachesIntoTheHttpSide() {
        noClasses().that().resideInAPackage("com.platform.datamigration.run.engine..").should().dependOnClassesThat()
                .resideInAPackage("com.platform.datamigration.run.api..").check(RUN);
    }

    @Test
    void theRunsRulesNeedNothingElseOfTheService() {
        noClasses().that().resideInAPackage("com.platform.datamigration.run.runs..").should().dependOnClassesThat()
                .resideInAnyPackage("com.platform.datamigration.run.engine..", "com.platform.datamigration.run.api..",
                        "org.springframework..", "java.sql..")
                .check(RUN);
    }

    @Test
    void theRulesAboveLookAtTheWholeService() {
        // Guards against rules that pass because they saw nothing: each package they name is imported.
        for (String pkg : new String[] {"com.platform.datamigration.run.engine", "com.platform.datamigration.run.api",
                "com.platform.datamigration.run.runs"}) {
            assertThat(RUN.stream().anyMatch(c -> c.getPackageName().equals(pkg))).as(pkg).isTrue();
        }
    }
}
