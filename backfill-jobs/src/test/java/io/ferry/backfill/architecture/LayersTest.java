package io.ferry.backfill.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** backfill-jobs' packages form no cycle, and it uses only the core's public packages. */
class LayersTest {

    private static final JavaClasses BACKFILLS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferry.backfill");

    @Test
    void noPackageCycles() {
        slices().matching("io.ferry.(**)").should().beFreeOfCycles().check(BACKFILLS);
    }

    @Test
    void theCoresInternalsStayInTheCore() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.ferry.migration.internal..")
                .check(BACKFILLS);
    }
}
