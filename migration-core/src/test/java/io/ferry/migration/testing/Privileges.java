package io.ferry.migration.testing;

import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two roles for tests of a missing privilege, created before a class's first test and dropped (with
 * what they own) after its last, with names of their own (roles belong to the whole server, which every
 * test database shares): {@link #deploy()}, a user that may log in with {@link #password()} and owns
 * schema {@code mine} and nothing else, and {@link #owner()}, the owner of schema {@code app} and its
 * table {@code app.t}, which the deploy user may use but not write. Register it after the database (JUnit
 * orders the extensions of fields by {@code @Order} only):
 *
 * <pre>
 * &#64;RegisterExtension &#64;Order(1)
 * static final TestDatabase db = new TestDatabase();
 * &#64;RegisterExtension &#64;Order(2)
 * static final Privileges roles = new Privileges(db, "a password");
 * ... each test: db.reset(); roles.schemas();
 * </pre>
 */
public final class Privileges implements BeforeAllCallback, AfterAllCallback {

    private final TestDatabase db;
    private final String deploy;
    private final String owner;
    private final String password;

    public Privileges(TestDatabase db, String password) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.db = db;
        this.deploy = "deploy_" + suffix;
        this.owner = "app_owner_" + suffix;
        this.password = password;
    }

    public String deploy() {
        return deploy;
    }

    public String owner() {
        return owner;
    }

    public String password() {
        return password;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        db.execute("CREATE ROLE " + deploy + " LOGIN PASSWORD '" + password.replace("'", "''") + "'",
                "CREATE ROLE " + owner);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        db.execute("DROP OWNED BY " + deploy + ", " + owner + " CASCADE", "DROP ROLE " + deploy + ", " + owner);
    }

    /**
     * In the database just reset: nobody but its owner may create in {@code public}; schema {@code app}
     * with table {@code app.t}, both the owner's, which deploy may use; and schema {@code mine}, deploy's.
     */
    public void schemas() throws SQLException {
        db.execute("GRANT USAGE ON SCHEMA public TO PUBLIC", "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "CREATE SCHEMA app AUTHORIZATION " + owner, "CREATE TABLE app.t (id int)",
                "ALTER TABLE app.t OWNER TO " + owner, "GRANT USAGE ON SCHEMA app TO " + deploy,
                "CREATE SCHEMA mine AUTHORIZATION " + deploy);
    }
}
