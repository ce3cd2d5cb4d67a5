package io.ferry.workspace.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The workspace is shared by the command line and the runbook server: it names neither of them nor
 * their frameworks, and uses only the public packages of the core and of backfill-jobs.
 */
class LayersTest {

    private static final JavaClasses WORKSPACE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferry.workspace");

    @Test
    void noFrameworkAndNoToolAbove() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("picocli..", "io.quarkus..", "io.ferry.cli..", "io.ferry.server..",
                        "io.ferry.runbook..")
                .check(WORKSPACE);
    }

    @Test
    void theLibrariesInternalsStayInTheLibraries() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.ferry.migration.internal..", "io.ferry.backfill.internal..")
                .check(WORKSPACE);
    }
}
