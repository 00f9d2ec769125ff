package io.marketflow.pipeline;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure the code relies on: a core free of Spring, {@code system} as the one place that wires
 * (imported by nobody), and feature packages without cycles. Production classes only.
 */
class ArchitectureTests {

    private static final JavaClasses PIPELINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.marketflow.pipeline");

    /**
     * The rate coordinator and the whole feedback package (policies, handler, receiver, event reader) but its
     * HTTP edge: the controller and the advice that maps its refusals to problem+json.
     */
    private static final DescribedPredicate<JavaClass> CORE = resideInAnyPackage(
                    "io.marketflow.pipeline.ratelimit..", "io.marketflow.pipeline.feedback..")
            .and(not(simpleName("FeedbackController").or(simpleName("FeedbackProblems"))))
            .as("the rate coordinator and the feedback core");

    @Test
    void coreDependsOnNoSpring() {
        noClasses()
                .that(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(PIPELINE);
    }

    @Test
    void nothingOutsideSystemDependsOnSystem() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.marketflow.pipeline.system..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.marketflow.pipeline.system..")
                .check(PIPELINE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.marketflow.pipeline.(*)..")
                .should()
                .beFreeOfCycles()
                .check(PIPELINE);
    }
}
