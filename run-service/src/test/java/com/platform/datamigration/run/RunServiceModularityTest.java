package com.platform.datamigration.run;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * run-service by feature: web (HTTP), runs (the API's service, repository, the state machine and the pure outcome
 * decision), planning (a splitter per engine), ledger (the only owner of {@code dm_ledger}), worker (the listener,
 * leases, credentials, the choice of load) and loads (one class per load path). No cycles between them; only the web
 * packages make Problem Details; the ledger and the loads know nothing of who calls them.
 */
class RunServiceModularityTest {

    private static final String RUN = "com.platform.datamigration.run";
    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(RUN);

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        slices().matching(RUN + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theLedgerDependsOnNoOtherFeature() {
        noClasses().that().resideInAPackage(RUN + ".ledger..").should().dependOnClassesThat()
                .resideInAnyPackage(RUN + ".runs..", RUN + ".planning..", RUN + ".worker..", RUN + ".loads..")
                .check(CLASSES);
    }

    @Test
    void loadsKnowNothingOfWorkersPlanningOrTheApi() {
        noClasses().that().resideInAPackage(RUN + ".loads..").should().dependOnClassesThat()
                .resideInAnyPackage(RUN + ".worker..", RUN + ".planning..", RUN + ".runs.web..")
                .check(CLASSES);
    }

    @Test
    void onlyTheWebEdgeMakesProblemDetails() {
        noClasses().that().resideOutsideOfPackages(RUN + ".runs.web..")
                .should().dependOnClassesThat().resideInAnyPackage("com.platform.datamigration.support.problem..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.HttpStatus")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ProblemDetail")
                .because("refusals are domain exceptions (RunRefusal) until the web edge turns them into Problem Details")
                .check(CLASSES);
    }

    @Test
    void onlyTheLedgerSpeaksTheLedgersSql() {
        // Every class that mentions dm_ledger in a string constant lives in the ledger package.
        classes().that().resideOutsideOfPackage(RUN + ".ledger..").should(LedgerSql.NOT_MENTION_THE_LEDGER).check(CLASSES);
    }

    @Test
    void theRunsRulesNeedNothingElseOfTheService() {
        noClasses().that().haveSimpleName("RunOutcome").should().dependOnClassesThat()
                .resideInAnyPackage(RUN + ".ledger..", RUN + ".loads..", RUN + ".worker..", "org.springframework..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void theRulesAboveLookAtTheWholeService() {
        // Guards against rules that pass because they saw nothing: each package they name is imported.
        for (String pkg : new String[] {"runs", "runs.web", "planning", "ledger", "worker", "loads"}) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals(RUN + "." + pkg))).as(pkg).isTrue();
        }
        assertThat(CLASSES.stream().anyMatch(c -> c.getSimpleName().equals("RunOutcome"))).isTrue();
    }
}
