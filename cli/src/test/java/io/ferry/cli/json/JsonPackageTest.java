package io.ferry.cli.json;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The documents depend on the JDK, Jackson's annotations and Ferry's libraries only: no Picocli, no
 * Quarkus, nothing else of the command line, so that another edge (the runbook server) can use them.
 */
class JsonPackageTest {

    @Test
    void theDocumentsNeedNoCommandLine() {
        classes().that().resideInAPackage("io.ferry.cli.json")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.ferry.cli.json", "io.ferry.migration..",
                        "io.ferry.backfill..", "io.ferry.alerts..", "com.fasterxml.jackson.annotation..", "java..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.ferry.cli.json"));
    }
}
