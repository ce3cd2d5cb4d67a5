package io.ferry.migration.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestDatabaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    @Order(1)
    void theClassGetsAFreshEmptyDatabaseOfItsOwn() throws Exception {
        assertThat(db.name()).startsWith("t_testdatabasetest_");
        assertThat(db.column("SELECT current_database()")).containsExactly(db.name());
        assertThat(db.column("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public'")).containsExactly("0");
    }

    @Test
    @Order(2)
    void runsRealSqlOnAServerOfVersion15OrLater() throws Exception {
        db.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb)",
                "INSERT INTO t (body) VALUES ('{\"a\": [1, 2]}')");
        assertThat(db.column("SELECT body -> 'a' ->> 1 FROM t")).containsExactly("2");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(Integer.parseInt(rs.getString(1))).isGreaterThanOrEqualTo(150000);
        }
    }

    @Test
    @Order(3)
    void theDataSourceReachesTheSameDatabase() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
