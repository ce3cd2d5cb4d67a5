package io.ferry.migration.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The privilege a refused statement needs on the table PostgreSQL names, read from the statement. */
class MissingPrivilegeTest {

    @Test
    void theVerbDecidesWhenTheTableIsTheOneWritten() {
        assertThat(MissingPrivilege.tablePrivilege("INSERT INTO app.t VALUES (1)", "t")).isEqualTo("INSERT");
        assertThat(MissingPrivilege.tablePrivilege("-- fill it\nINSERT INTO \"app\".\"t\" SELECT 1", "t"))
                .isEqualTo("INSERT");
        assertThat(MissingPrivilege.tablePrivilege("UPDATE t SET v = 1", "t")).isEqualTo("UPDATE");
        assertThat(MissingPrivilege.tablePrivilege("UPDATE t SET v = 1 WHERE id = 2", "t")).isEqualTo("SELECT, UPDATE");
        assertThat(MissingPrivilege.tablePrivilege("DELETE FROM ONLY t WHERE id = 2", "t")).isEqualTo("SELECT, DELETE");
        assertThat(MissingPrivilege.tablePrivilege("TRUNCATE TABLE t", "t")).isEqualTo("TRUNCATE");
        assertThat(MissingPrivilege.tablePrivilege("COPY t FROM STDIN", "t")).isEqualTo("INSERT");
    }

    @Test
    void aTableOnlyReadNeedsSelectAndAForeignKeyReferences() {
        assertThat(MissingPrivilege.tablePrivilege("INSERT INTO mine SELECT * FROM app.t", "t")).isEqualTo("SELECT");
        assertThat(MissingPrivilege.tablePrivilege("CREATE TABLE mine (id int REFERENCES app.t (id))", "t"))
                .isEqualTo("REFERENCES");
        assertThat(MissingPrivilege.tablePrivilege("CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION f()", "t"))
                .isEqualTo("TRIGGER");
        assertThat(MissingPrivilege.tablePrivilege("CREATE VIEW v AS SELECT * FROM t", "t")).isEqualTo("SELECT");
    }

    @Test
    void ofTheOutlinesOfAPieceOfWorkTheOneWritingTheRefusedTableDecides() {
        List<String> outlines = List.of("DELETE FROM \"app\".\"children\" WHERE ...",
                "INSERT INTO \"app\".\"children_archive\" SELECT ...");
        assertThat(MissingPrivilege.outlineFor("permission denied for table children_archive", outlines))
                .isEqualTo(outlines.get(1));
        assertThat(MissingPrivilege.outlineFor("permission denied for table children", outlines))
                .isEqualTo(outlines.get(0));
        assertThat(MissingPrivilege.outlineFor("permission denied for table parents", outlines)).isEmpty();
        assertThat(MissingPrivilege.outlineFor("permission denied for schema app", outlines)).isEmpty();
        assertThat(MissingPrivilege.tablePrivilege(MissingPrivilege.outlineFor(
                "permission denied for table children_archive", outlines), "children_archive")).isEqualTo("INSERT");
    }

    @Test
    void theAwaitedLockIsNamedByItsKind() {
        assertThat(BlockerSampler.awaited("relation", "app.documents", "r")).isEqualTo("a lock on table app.documents");
        assertThat(BlockerSampler.awaited("relation", "t_pkey", "i")).isEqualTo("a lock on index t_pkey");
        assertThat(BlockerSampler.awaited("transactionid", null, null)).isEqualTo("a row lock");
        assertThat(BlockerSampler.awaited("tuple", "t", "r")).isEqualTo("a row lock on table t");
        assertThat(BlockerSampler.awaited("advisory", null, null)).isEqualTo("an advisory lock");
        assertThat(BlockerSampler.awaited(null, null, null)).isEqualTo("a lock");
    }
}
