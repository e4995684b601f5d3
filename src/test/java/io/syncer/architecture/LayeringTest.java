package io.syncer.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering as it stands, pinned: the model and the bus addresses at the bottom, the check engine below the fronts
 * that serve it, the fronts below the deployer, and no cycle between packages. A change that imports upward fails here.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.syncer");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.syncer.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theModelAndTheBusAddressesDependOnNoOtherPackageOfSyncer() {
        noClasses().that().resideInAnyPackage("io.syncer.model..", "io.syncer.bus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syncer.check..", "io.syncer.config..", "io.syncer.discovery..",
                        "io.syncer.registry..", "io.syncer.front..", "io.syncer.metrics..", "io.syncer.tracing..",
                        "io.syncer.cluster..", "io.syncer.zonesync..", "io.syncer.pods..", "io.syncer.log..", "io.syncer.tls..")
                .check(classes);
    }

    @Test
    void theCheckEngineNeverImportsTheFrontsDiscoveryOrTheRegistry() {
        noClasses().that().resideInAPackage("io.syncer.check..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syncer.front..", "io.syncer.bus..",
                        "io.syncer.discovery..", "io.syncer.registry..", "io.syncer.cluster..")
                .check(classes);
    }

    @Test
    void theMetersAndBoardsKnowOnlyTheModel() {
        // one object per concern: zone_sync health, the status board, the tracer are not reached through the meters
        noClasses().that().resideInAPackage("io.syncer.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syncer.check..", "io.syncer.config..", "io.syncer.discovery..",
                        "io.syncer.registry..", "io.syncer.front..", "io.syncer.tracing..", "io.syncer.cluster..",
                        "io.syncer.zonesync..", "io.syncer.pods..", "io.syncer.bus..")
                .check(classes);
    }

    @Test
    void onlyTheDeployerImportsTheCheckFronts() {
        noClasses().that().resideOutsideOfPackages("io.syncer.front..").and().resideOutsideOfPackage("io.syncer")
                .should().dependOnClassesThat().resideInAPackage("io.syncer.front..")
                .check(classes);
    }

    @Test
    void nothingImportsTheDeployerOrTheMainClass() {
        noClasses().that().resideOutsideOfPackage("io.syncer")
                .should().dependOnClassesThat().resideInAPackage("io.syncer")
                .check(classes);
    }

    @Test
    void discoveryAndTheRegistryTalkOverTheBusOnly() {
        noClasses().that().resideInAPackage("io.syncer.discovery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syncer.registry..", "io.syncer.check..", "io.syncer.front..")
                .check(classes);
        noClasses().that().resideInAPackage("io.syncer.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syncer.discovery..", "io.syncer.check..", "io.syncer.front..")
                .check(classes);
    }
}
