package dev.clerksync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layout the code is organised around, checked on the compiled classes: packages by feature
 * with no cycles between them, and the user model below every feature that uses it.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clerksync");

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.clerksync.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void theUserModelKnowsNothingOfTheWaysUsersArrive() {
        noClasses().that().resideInAPackage("dev.clerksync.users..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.clerksync.auth..", "dev.clerksync.clerk..",
                        "dev.clerksync.admin..", "dev.clerksync.webhook..", "dev.clerksync.api..",
                        "dev.clerksync.reconcile..", "dev.clerksync.app..")
                .check(PRODUCT);
    }

    @Test
    void onlyTheCompositionRootKnowsEveryFeature() {
        noClasses().that().resideOutsideOfPackage("dev.clerksync.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.clerksync.app..")
                .check(PRODUCT);
    }
}
