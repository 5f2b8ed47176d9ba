package dev.berth;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Dependencies run one way: cli -> engine, sim, report; engine and sim -> cfn, the template model both share.
 * The engine works unchanged against real AWS.
 */
class PackageRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth");

    @Test
    void engineNeverUsesTheSimulator() {
        noClasses().that().resideInAPackage("dev.berth.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.sim..")
                .check(MAIN);
    }

    @Test
    void simulatorNeverUsesTheEngine() {
        noClasses().that().resideInAPackage("dev.berth.sim..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.engine..")
                .check(MAIN);
    }

    @Test
    void templateModelUsesNeitherEngineNorSimulator() {
        noClasses().that().resideInAPackage("dev.berth.cfn..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.berth.engine..", "dev.berth.sim..", "dev.berth.cli..", "dev.berth.report..")
                .check(MAIN);
    }

    @Test
    void placementRulesArePureAndShared() {
        noClasses().that().resideInAPackage("dev.berth.placement..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.berth.engine..", "dev.berth.sim..", "dev.berth.cli..", "dev.berth.report..",
                        "software.amazon.awssdk..", "com.fasterxml.jackson..")
                .check(MAIN);
    }

    @Test
    void onlyTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.berth.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.cli..")
                .check(MAIN);
    }

    @Test
    void engineAndSimulatorDoNotDependOnReports() {
        noClasses().that().resideInAnyPackage("dev.berth.engine..", "dev.berth.sim..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.report..")
                .check(MAIN);
    }

    @Test
    void theDecisionCoreIsPure() {
        noClasses().that().resideInAPackage("dev.berth.engine.deploy.verdict..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "dev.berth.engine.rollout..",
                        "dev.berth.engine.stack..", "dev.berth.engine.aws..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .check(MAIN);
    }

    @Test
    void onlyTheCliExits() {
        noClasses().that().resideOutsideOfPackage("dev.berth.cli..")
                .should().callMethod(System.class, "exit", int.class)
                .check(MAIN);
    }
}
