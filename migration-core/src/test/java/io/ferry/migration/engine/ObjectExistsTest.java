package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object that already exists: on the first revision of a database that has tables of its own, Ferry
 * suspects a database built by hand and suggests stamping it; on a later revision, it says the object
 * came from outside Ferry or an earlier partial run.
 */
class ObjectExistsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void theFirstRevisionOnADatabaseBuiltByHandSuggestsStampingIt() throws Exception {
        db.execute("CREATE TABLE customers (id int PRIMARY KEY)", "CREATE TABLE orders (id int PRIMARY KEY)");
        Project p = new Project(dir);
        p.revision("oe1", "base", "CREATE TABLE customers (id int PRIMARY KEY);\n"
                + "CREATE TABLE orders (id int PRIMARY KEY);", null);
        p.revision("oe2", "oe1", "CREATE TABLE invoices (id int);", null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.OBJECT_EXISTS, "oe1",
                "relation \"customers\" already exists", "42P07", "no revision is recorded in this database",
                "public.customers, public.orders");
        assertThat(e.category()).isEqualTo(ErrorCategory.FAILURE);
        assertThat(e.hint()).contains("built by hand", "compare its schema with what the revisions create",
                "nothing of this revision was applied");
        assertThat(actions(e)).containsExactly("STAMP oe1");
        assertThat(ferry.history()).singleElement().satisfies(h -> assertThat(h.success()).isFalse());

        ferry.stamp(List.of("oe1"), false);
        ferry.upgrade("head");
        assertThat(db.column("SELECT to_regclass('invoices') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void aLaterRevisionSaysTheObjectCameFromOutside() throws Exception {
        Project p = new Project(dir);
        p.revision("oe3", "base", "CREATE TABLE accounts (id int);", null);
        p.revision("oe4", "oe3", "CREATE TABLE made (id int);\nALTER TABLE accounts ADD COLUMN note text;", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("oe3");
        db.execute("ALTER TABLE accounts ADD COLUMN note text");

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.OBJECT_EXISTS, "oe4",
                "column \"note\" of relation \"accounts\" already exists", "42701");
        assertThat(e.getMessage()).doesNotContain("no revision is recorded");
        assertThat(e.hint()).contains("created outside Ferry", "earlier run that stopped part-way");
        assertThat(actions(e)).isEmpty();
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
    }

    @Test
    void theFirstRevisionOnAnEmptyDatabaseDoesNotSuggestStamping() throws Exception {
        Project p = new Project(dir);
        p.revision("oe5", "base", "CREATE TYPE mood AS ENUM ('ok');\nCREATE TYPE mood AS ENUM ('ok');", null);

        FerryException e = assertFails(() -> p.ferry(db).upgrade("head"), MigrationErrorCode.OBJECT_EXISTS,
                "type \"mood\" already exists", "42710");
        assertThat(actions(e)).isEmpty();
    }
}
