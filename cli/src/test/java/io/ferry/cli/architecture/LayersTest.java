package io.ferry.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The command line uses only the public packages of the core and of backfill-jobs. */
class LayersTest {

    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferry.cli");

    @Test
    void theLibrariesInternalsStayInTheLibraries() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.ferry.migration.internal..", "io.ferry.backfill.internal..")
                .check(CLI);
    }
}
