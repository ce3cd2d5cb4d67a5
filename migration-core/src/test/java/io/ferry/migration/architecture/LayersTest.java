package io.ferry.migration.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core's layers, checked on its compiled classes: no package depends, directly or through others,
 * on a package that depends on it; the vocabulary ({@code api}) depends on nothing else of Ferry's; and
 * the facade ({@code io.ferry.migration}) is on top, where nothing depends on it; and schema snapshots
 * ({@code schema}) need only the vocabulary, JDBC and quoting, so that tools can compare schemas without
 * the migration engine.
 */
class LayersTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferry.migration");

    @Test
    void noPackageCycles() {
        slices().matching("io.ferry.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theVocabularyDependsOnNothingElse() {
        noClasses().that().resideInAPackage("io.ferry.migration.api")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ferry.migration.api", "java..")
                .check(CORE);
    }

    @Test
    void schemaSnapshotsUseOnlyTheVocabularyJdbcAndQuoting() {
        noClasses().that().resideInAPackage("io.ferry.migration.schema")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ferry.migration.schema",
                        "io.ferry.migration.api", "io.ferry.migration.jdbc", "io.ferry.migration.sql", "java..",
                        "javax.sql..")
                .check(CORE);
    }

    @Test
    void nothingInTheCoreDependsOnTheFacade() {
        noClasses().that().resideOutsideOfPackage("io.ferry.migration")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.migration")
                .check(CORE);
    }
}
