package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Privileges;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A user without a privilege a statement needs gets the privilege named, on the real object, and the
 * {@code GRANT} (or change of owner) that fixes it, with its own name filled in: for a revision's statement
 * and for Ferry's own tables. Running what the hint says lets the next run through.
 */
class PermissionDeniedTest {

    @RegisterExtension
    @Order(1)
    static final TestDatabase db = new TestDatabase();

    /** The user Ferry runs as (deploy, owning schema mine), and the owner of the application's schema app. */
    @RegisterExtension
    @Order(2)
    static final Privileges ROLES = new Privileges(db, "pw-" + UUID.randomUUID());
    private static final String DEPLOY = ROLES.deploy();
    private static final String OWNER = ROLES.owner();
    private static final String PASSWORD = ROLES.password();

    @TempDir
    Path dir;

    @BeforeEach
    void schemas() throws Exception {
        db.reset();
        ROLES.schemas();
    }

    private FerryConfiguration asDeploy(Project p) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.url());
        ds.setUser(DEPLOY);
        ds.setPassword(PASSWORD);
        return Ferry.configure().dataSource(ds).locations(p.dir());
    }

    @Test
    void aRevisionWritingATableItMayNotNamesTheGrant() throws Exception {
        Project p = new Project(dir);
        p.revision("pd1", "base", "CREATE TABLE mine.made (id int);\nINSERT INTO app.t VALUES (1);", null);
        Ferry ferry = asDeploy(p).schema("mine").load();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PERMISSION_DENIED, "pd1",
                "permission denied for table t", "42501", "user " + DEPLOY + " lacks INSERT on table app.t");
        assertThat(e.category()).isEqualTo(ErrorCategory.FAILURE);
        assertThat(e.hint()).contains("GRANT INSERT ON TABLE app.t TO " + DEPLOY,
                "nothing of this revision was applied");
        assertThat(db.column("SELECT to_regclass('mine.made') IS NULL")).containsExactly("t");
        assertThat(ferry.history()).singleElement().satisfies(h -> assertThat(h.success()).isFalse());

        db.execute(grant(e.hint()));
        ferry.upgrade("head");
        assertThat(db.column("SELECT count(*) FROM app.t")).containsExactly("1");
    }

    @Test
    void aRevisionCreatingInASchemaItMayNotNamesTheSchemaGrant() throws Exception {
        Project p = new Project(dir);
        p.revision("pd2", "base", "CREATE TABLE app.made (id int);", null);
        Ferry ferry = asDeploy(p).schema("mine").load();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PERMISSION_DENIED,
                "permission denied for schema app", "user " + DEPLOY + " lacks CREATE on schema app");
        assertThat(e.hint()).contains("GRANT CREATE ON SCHEMA app TO " + DEPLOY);
        db.execute(grant(e.hint()));
        ferry.upgrade("head");
        assertThat(db.column("SELECT to_regclass('app.made') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void aRevisionAlteringATableItDoesNotOwnNamesTheOwner() throws Exception {
        Project p = new Project(dir);
        p.revision("pd3", "base", "ALTER TABLE app.t ADD COLUMN note text;", null);
        Ferry ferry = asDeploy(p).schema("mine").load();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PERMISSION_DENIED,
                "must be owner of table t", "user " + DEPLOY + " does not own table app.t (" + OWNER + " does)");
        assertThat(e.hint()).contains("run the revision as " + OWNER, "GRANT " + OWNER + " TO " + DEPLOY,
                "ALTER TABLE app.t OWNER TO " + DEPLOY);
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name = 'note'")).containsExactly("0");
    }

    @Test
    void ferrysOwnTablesInASchemaTheUserMayNotCreateInNameTheGrantOrASchemaItOwns() throws Exception {
        Project p = new Project(dir);
        p.revision("pd4", "base", "CREATE TABLE mine.made (id int);", null);

        FerryException e = assertFails(() -> asDeploy(p).load().upgrade("head"),
                MigrationErrorCode.PERMISSION_DENIED, "creating the history tables", "permission denied for schema"
                        + " public", "user " + DEPLOY + " lacks CREATE on schema public");
        assertThat(e.hint()).contains("GRANT CREATE ON SCHEMA public TO " + DEPLOY, "schema mine, which " + DEPLOY
                + " owns", "nothing was changed by this step");
        assertThat(actions(e)).containsExactly("HISTORY_SCHEMA mine");
        assertThat(db.column("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ferry\\_%'")).containsExactly("0");
        assertThat(db.column("SELECT to_regclass('mine.made') IS NULL")).containsExactly("t");

        asDeploy(p).schema("mine").load().upgrade("head");
        assertThat(db.column("SELECT to_regclass('mine.ferry_version') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void ferrysOwnTablesInASchemaTheUserMayNotUseNameTheUsageGrant() throws Exception {
        db.execute("REVOKE USAGE ON SCHEMA public FROM PUBLIC");
        Project p = new Project(dir);
        p.revision("pd7", "base", "CREATE TABLE mine.made (id int);", null);

        FerryException e = assertFails(() -> asDeploy(p).load().upgrade("head"),
                MigrationErrorCode.PERMISSION_DENIED, "reading the history in", "permission denied for schema public",
                "user " + DEPLOY + " lacks USAGE on schema public");
        assertThat(e.hint()).contains("GRANT USAGE ON SCHEMA public TO " + DEPLOY);
        assertThat(db.column("SELECT to_regclass('mine.made') IS NULL")).containsExactly("t");
    }

    @Test
    void ferrysOwnTablesTheUserMayReadButNotWriteNameBothGrants() throws Exception {
        Project p = new Project(dir);
        p.revision("pd5", "base", "CREATE TABLE public.first (id int);", null);
        p.revision("pd6", "pd5", "CREATE TABLE mine.made (id int);", null);
        p.configure(db).schema("shared").load().upgrade("pd5");
        db.execute("GRANT USAGE ON SCHEMA shared TO " + DEPLOY,
                "GRANT SELECT ON ALL TABLES IN SCHEMA shared TO " + DEPLOY);
        Ferry ferry = asDeploy(p).schema("shared").load();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PERMISSION_DENIED, "pd6",
                // One statement records the revision in both tables; PostgreSQL names the first it checks.
                "permission denied for table ferry_history", "user " + DEPLOY + " may not write Ferry's table"
                        + " shared.ferry_history");
        assertThat(e.hint()).contains("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE shared.ferry_version TO " + DEPLOY,
                "GRANT SELECT, INSERT ON TABLE shared.ferry_history TO " + DEPLOY);
        assertThat(db.column("SELECT to_regclass('mine.made') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT version_num FROM shared.ferry_version")).containsExactly("pd5");
    }

    /** The first GRANT statement of a hint. */
    private static String grant(String hint) {
        Matcher m = Pattern.compile("GRANT [A-Z, ]+ ON [A-Z]+ [\\w.\"]+ TO \\w+").matcher(hint);
        assertThat(m.find()).as(hint).isTrue();
        return m.group();
    }
}
