package io.ferry.migration.schema;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.schema.ObjectQueries.TypeRow;
import io.ferry.migration.schema.RelationQueries.ColumnRow;
import io.ferry.migration.schema.RelationQueries.ConstraintRow;
import io.ferry.migration.schema.RelationQueries.RelationRow;
import io.ferry.migration.schema.SecondSession.Query;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads a snapshot: one query per kind of object, in a read-only transaction that sees one state of the
 * database, with {@code search_path} set to {@code pg_catalog} alone so that every name the catalogs
 * deparse (types, tables in view queries, functions in defaults) comes out schema-qualified, the same way
 * on every database. Given a data source rather than a connection, it shares the work with a second
 * session that reads in the same snapshot at the same time ({@link SecondSession}).
 */
final class SnapshotReader {

    /** The oldest server whose catalogs the queries know ({@code pg_trigger.tgparentid} came in 13). */
    private static final int OLDEST_SERVER = 13;

    /**
     * The queries a second session may run, in the order it takes them: the server's longest first (the
     * deparsing of indexes and constraints).
     */
    private enum Shared {
        INDEXES(RelationQueries::indexes),
        CONSTRAINTS(RelationQueries::constraints),
        RELATIONS(RelationQueries::relations),
        TYPES(ObjectQueries::types),
        ROUTINES(ObjectQueries::routines),
        SEQUENCES(ObjectQueries::sequences),
        TRIGGERS(RelationQueries::triggers),
        POLICIES(RelationQueries::policies),
        EXTENSIONS(ObjectQueries::extensions);

        static final List<Query> QUERIES = Arrays.stream(values()).map(s -> s.query).toList();

        private final Query query;

        Shared(Query query) {
            this.query = query;
        }
    }

    private SnapshotReader() {
    }

    static SchemaSnapshot read(Connection c, SchemaScope scope) {
        try {
            checkVersion(c);
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                return readInOwnTransaction(c, scope);
            }
            return readInCallersTransaction(c, scope);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the schema", e);
        }
    }

    static SchemaSnapshot read(DataSource source, SchemaScope scope) {
        // The second session connects once the first has its connection: never the other way round, which
        // could leave the first waiting on a pool whose last connection the second holds.
        try (Session session = Session.open(source); SecondSession second = new SecondSession(source, Shared.QUERIES)) {
            Connection c = session.connection();
            checkVersion(c);
            String snapshotId = beginExported(c);
            if (snapshotId == null) {
                return readInOwnTransaction(c, scope);
            }
            SchemaSnapshot snapshot;
            try {
                snapshot = readAll(c, scope, second, snapshotId);
            } catch (SQLException | RuntimeException | Error e) {
                second.abandon();
                endQuietly(c, e);
                throw e;
            }
            // Every row is read: a session the server ended meanwhile (an idle-in-transaction timeout while
            // the second session finished) takes nothing away from the snapshot.
            endQuietly(c, null);
            return snapshot;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the schema", e);
        }
    }

    /** Ends the read's transaction; a failure to is added to {@code failure}, if any, or else let go. */
    private static void endQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Begins the read's transaction and exports its snapshot for a second session; null, with the
     * connection back in autocommit, when the server will not export one.
     */
    private static String beginExported(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT set_config('search_path', 'pg_catalog', true),"
                    + " pg_export_snapshot()")) {
                rs.next();
                return rs.getString(2);
            }
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(true);
            return null;
        }
    }

    private static void checkVersion(Connection c) throws SQLException {
        int major = c.getMetaData().getDatabaseMajorVersion();
        if (major < OLDEST_SERVER) {
            throw new FerryException(MigrationErrorCode.DATABASE_ERROR, "cannot read the schema of a PostgreSQL "
                    + major + " server: schema snapshots need PostgreSQL " + OLDEST_SERVER + " or later",
                    "compare on a newer server (a copy of the schema restored there will do)");
        }
    }

    private static SchemaSnapshot readInOwnTransaction(Connection c, SchemaScope scope) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                s.execute("SELECT set_config('search_path', 'pg_catalog', true)");
            }
            return readAll(c, scope, null, null);
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static SchemaSnapshot readInCallersTransaction(Connection c, SchemaScope scope) throws SQLException {
        String searchPath;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT set_config('search_path', 'pg_catalog', true)");
        }
        try {
            return readAll(c, scope, null, null);
        } finally {
            try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                ps.setString(1, searchPath);
                ps.execute();
            }
        }
    }

    /**
     * Reads it all on {@code c}, but what {@code second} (if given) claims first of the {@link Shared}
     * queries, in the snapshot {@code c}'s transaction exported as {@code snapshotId}.
     */
    private static SchemaSnapshot readAll(Connection c, SchemaScope scope, SecondSession second, String snapshotId)
            throws SQLException {
        if (second != null) {
            second.begin(snapshotId, scope.schemas());
        }
        List<Schema> schemas = ObjectQueries.schemas(c, scope.schemas());
        List<String> schemaNames = schemas.stream().map(Schema::name).toList();
        Array names = c.createArrayOf("text", schemaNames.toArray());
        // The columns are this session's own (the most rows to decode); then the shared queries from the
        // last, as the second session takes them from the first.
        List<ColumnRow> columnRows = RelationQueries.columns(c, names);
        Shared[] parts = Shared.values();
        List<?>[] shared = new List<?>[parts.length];
        for (int i = parts.length - 1; i >= 0; i--) {
            shared[i] = second == null ? parts[i].query.run(c, names) : second.take(i, c, names);
        }
        List<Index> indexes = rows(shared, Shared.INDEXES);
        List<ConstraintRow> constraintRows = rows(shared, Shared.CONSTRAINTS);
        List<RelationRow> relations = rows(shared, Shared.RELATIONS);
        List<TypeRow> types = rows(shared, Shared.TYPES);
        List<Routine> routines = rows(shared, Shared.ROUTINES);
        List<Sequence> sequences = rows(shared, Shared.SEQUENCES);
        List<Trigger> triggers = rows(shared, Shared.TRIGGERS);
        List<Policy> policies = rows(shared, Shared.POLICIES);
        List<Extension> extensions = rows(shared, Shared.EXTENSIONS);

        Map<RelationName, List<Column>> columns = new HashMap<>();
        for (ColumnRow row : columnRows) { // in order of position: the query sorts them
            columns.computeIfAbsent(row.relation(), k -> new ArrayList<>()).add(row.column());
        }
        List<Table> tables = new ArrayList<>();
        List<View> views = new ArrayList<>();
        for (RelationRow r : relations) {
            List<Column> own = columns.getOrDefault(r.name(), List.of());
            if (r.kind() == 'v' || r.kind() == 'm') {
                views.add(new View(r.name().schema(), r.name().name(), r.kind() == 'm', r.definition(), r.options(),
                        own, r.dependsOn(), r.columnsRead(), r.comment()));
            } else if (!scope.excludes(r.name())) {
                tables.add(new Table(r.name().schema(), r.name().name(), own, r.partitionKey(), r.partitionOf(),
                        r.partitionBound(), r.unlogged(), r.rowSecurity(), r.forceRowSecurity(), r.comment()));
            }
        }
        Set<RelationName> tableNames = new HashSet<>();
        tables.forEach(t -> tableNames.add(t.relation()));
        Set<RelationName> relationNames = new HashSet<>(tableNames);
        views.forEach(v -> relationNames.add(v.relation()));

        Map<RelationName, List<DomainType.Check>> checks = new HashMap<>();
        List<Constraint> constraints = new ArrayList<>();
        for (ConstraintRow k : constraintRows) {
            if (k.domain() != null) {
                checks.computeIfAbsent(k.domain(), d -> new ArrayList<>()).add(new DomainType.Check(k.name(), k.definition()));
            } else if (tableNames.contains(k.table())) {
                constraints.add(new Constraint(k.table().schema(), k.table().name(), k.name(), constraintType(k.type()),
                        k.definition(), k.deferrable(), k.deferred(), k.references(), k.comment()));
            }
        }
        List<EnumType> enums = new ArrayList<>();
        List<DomainType> domains = new ArrayList<>();
        List<CompositeType> composites = new ArrayList<>();
        for (TypeRow t : types) {
            switch (t.kind()) {
                case 'e' -> enums.add(new EnumType(t.schema(), t.name(), t.labels(), t.comment()));
                case 'd' -> domains.add(new DomainType(t.schema(), t.name(), t.baseType(), t.collation(),
                        t.defaultValue(), t.notNull(), checks.getOrDefault(t.relation(), List.of()), t.comment()));
                default -> composites.add(new CompositeType(t.schema(), t.name(),
                        columns.getOrDefault(t.relation(), List.of()).stream()
                                .map(a -> new CompositeType.Attribute(a.name(), a.type(), a.collation())).toList(),
                        t.comment()));
            }
        }
        return new SchemaSnapshot(schemas, extensions, enums, domains, composites,
                sequences.stream().filter(s -> s.ownedBy() == null || !scope.excludes(s.ownedBy().relation())).toList(),
                tables, views, constraints,
                indexes.stream().filter(i -> relationNames.contains(i.relation())).toList(), routines,
                triggers.stream().filter(t -> relationNames.contains(t.relation())).toList(),
                policies.stream().filter(p -> tableNames.contains(p.relation())).toList());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> rows(List<?>[] shared, Shared part) {
        return (List<T>) shared[part.ordinal()];
    }

    private static Constraint.Type constraintType(char code) {
        return switch (code) {
            case 'p' -> Constraint.Type.PRIMARY_KEY;
            case 'u' -> Constraint.Type.UNIQUE;
            case 'f' -> Constraint.Type.FOREIGN_KEY;
            case 'x' -> Constraint.Type.EXCLUSION;
            default -> Constraint.Type.CHECK;
        };
    }
}
