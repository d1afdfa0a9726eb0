package com.platform.datamigration.run;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * run-service's packages by feature: no cycles between features, the engine (ledger, workers, loads) never reaches
 * into the HTTP side, and nothing outside a feature's {@code web} package uses it.
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
    void nothingOutsideAFeatureUsesItsWebPackage() {
        slices().matching("com.platform.datamigration.run.(*).web..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(RUN);
        noClasses().that().resideOutsideOfPackage("..web..").should().dependOnClassesThat().resideInAPackage("..run.*.web..")
                .allowEmptyShould(true).check(RUN);
    }
}
