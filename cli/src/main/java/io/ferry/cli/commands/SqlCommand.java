package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import io.ferry.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sql", sortOptions = false,
        description = {"Run SQL on the project's database (the embedded one without a URL): a file, or a command."
                + " The statements run in one transaction, all or nothing, unless one cannot run in a transaction"
                + " (CREATE INDEX CONCURRENTLY, VACUUM, ...); then each runs on its own.",
                "Rows a statement returns are printed tab-separated, one line each, as psql -At prints them."},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry sql -f docs/examples/proposals/generate.sql",
                "  ferry sql -c \"SELECT count(*) FROM proposal_templates\"",
                "  ferry sql -c \"VACUUM ANALYZE proposal_templates\""})
public class SqlCommand extends DatabaseCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of SQL statements.")
        Path file;

        @Option(names = {"-c", "--command"}, paramLabel = "SQL", description = "SQL statements to run.")
        String command;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Override
    public Integer call() {
        Output out = output();
        String origin = input.file != null ? input.file.toString() : "the command";
        String text = read();
        List<SqlStatement> statements = Scripts.split(origin, text);
        boolean oneTransaction = statements.stream().allMatch(s -> StatementTraits.of(s).refusedInTransaction().isEmpty()
                && StatementTraits.of(s).controlsTransaction().isEmpty());
        try (Workspace ws = workspace(out)) {
            Session session = Session.openForWork(ws.dataSource());
            Connection c = session.connection();
            SqlStatement current = null;
            try {
                c.setAutoCommit(!oneTransaction);
                for (SqlStatement s : statements) {
                    current = s;
                    run(c, s, out);
                }
                if (oneTransaction) {
                    c.commit();
                }
            } catch (SQLException e) {
                try {
                    if (oneTransaction) {
                        c.rollback();
                    }
                } catch (SQLException ignored) {
                    // the connection is closed below
                }
                FerryException db = SqlErrors.translate("running " + origin, e);
                throw new FerryException(db.code(), origin + (current == null ? "" : " line " + current.line()) + ": "
                        + db.getMessage(), oneTransaction ? "nothing was changed: the statements ran in one transaction"
                        : "statements before this one ran and stay; each ran on its own", e);
            } finally {
                session.close();
            }
        }
        return 0;
    }

    private String read() {
        if (input.command != null) {
            return input.command;
        }
        try {
            return Files.readString(input.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot read " + input.file + ": " + e.getMessage(),
                    "check the path given to --file");
        }
    }

    private static void run(Connection c, SqlStatement s, Output out) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean rows = st.execute(s.sql());
            while (true) {
                if (rows) {
                    try (ResultSet rs = st.getResultSet()) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            List<String> values = new ArrayList<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                String v = rs.getString(i);
                                values.add(v == null ? "" : v);
                            }
                            out.out().println(String.join("\t", values));
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                rows = st.getMoreResults();
            }
            out.out().flush();
        }
    }
}
