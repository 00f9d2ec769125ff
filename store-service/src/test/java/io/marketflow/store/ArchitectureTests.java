package io.marketflow.store;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.marketflow.store.feedback.WebhookBroadcaster;
import org.junit.jupiter.api.Test;

/**
 * The store's package structure, checked on its compiled classes: a core free of Spring, {@code system} as the
 * wiring that nothing else depends on, and no cycles between packages. Plain JUnit tests calling
 * {@code rule.check}, so they run with every other {@code *Tests} class.
 */
class ArchitectureTests {

    private static final String STORE = "io.marketflow.store";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(STORE);

    private static final JavaClasses MAIN_AND_TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(STORE);

    /**
     * The write coordinator, sinks, dead-letter queue, journal, feedback policies and the lanes that hold them are
     * plain Java. The one exception is the webhook broadcaster: it is the feedback bus's HTTP adapter and posts with
     * Spring's {@code WebClient}; moving it out of {@code feedback} is left to that package's owners.
     */
    @Test
    void coreDependsOnNoSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        STORE + ".coordinator..",
                        STORE + ".sink..",
                        STORE + ".deadletter..",
                        STORE + ".journal..",
                        STORE + ".feedback..",
                        STORE + ".lane..")
                .and(not(belongToAnyOf(WebhookBroadcaster.class)))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(MAIN);
    }

    /** {@code system} only wires: features and their tests use the vocabulary in {@code lane} and {@code web}. */
    @Test
    void nothingOutsideSystemDependsOnSystem() {
        noClasses()
                .that()
                .resideOutsideOfPackage(STORE + ".system..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(STORE + ".system..")
                .check(MAIN_AND_TESTS);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(STORE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
