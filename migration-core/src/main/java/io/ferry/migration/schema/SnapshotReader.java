package io.ferry.migration.schema;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.schema.ObjectQueries.TypeRow;
import io.ferry.migration.schema.RelationQueries.ColumnRow;
import io.ferry.migration.schema.RelationQueries.ConstraintRow;
import io.ferry.migration.schema.RelationQueries.RelationRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a snapshot: one query per kind of object, in a read-only transaction that sees one state of the
 * database, with {@code search_path} set to {@code pg_catalog} alone so that every name the catalogs
 * deparse (types, tables in view queries, functions in defaults) comes out schema-qualified, the same way
 * on every database.
 */
final class SnapshotReader {

    /** The oldest server whose catalogs the queries know ({@code pg_trigger.tgparentid} came in 13). */
    private static final int OLDEST_SERVER = 13;

    private SnapshotReader() {
    }

    static SchemaSnapshot read(Connection c, SchemaScope scope) {
        try {
            int major = c.getMetaData().getDatabaseMajorVersion();
            if (major < OLDEST_SERVER) {
                throw new FerryException(MigrationErrorCode.DATABASE_ERROR, "cannot read the schema of a PostgreSQL "
                        + major + " server: schema snapshots need PostgreSQL " + OLDEST_SERVER + " or later",
                        "compare on a newer server (a copy of the schema restored there will do)");
            }
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                return readInOwnTransaction(c, scope);
            }
            return readInCallersTransaction(c, scope);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the schema", e);
        }
    }

    private static SchemaSnapshot readInOwnTransaction(Connection c, SchemaScope scope) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                s.execute("SELECT set_config('search_path', 'pg_catalog', true)");
            }
            return readAll(c, scope);
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
            return readAll(c, scope);
        } finally {
            try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                ps.setString(1, searchPath);
                ps.execute();
            }
        }
    }

    private static SchemaSnapshot readAll(Connection c, SchemaScope scope) throws SQLException {
        List<Schema> schemas = ObjectQueries.schemas(c, scope.schemas());
        Array names = c.createArrayOf("text", schemas.stream().map(Schema::name).toArray());
        List<Extension> extensions = ObjectQueries.extensions(c, names);
        List<TypeRow> types = ObjectQueries.types(c, names);
        List<Sequence> sequences = ObjectQueries.sequences(c, names);
        List<Routine> routines = ObjectQueries.routines(c, names);
        List<RelationRow> relations = RelationQueries.relations(c, names);
        List<ColumnRow> columnRows = RelationQueries.columns(c, names);
        List<ConstraintRow> constraintRows = RelationQueries.constraints(c, names);
        List<Index> indexes = RelationQueries.indexes(c, names);
        List<Trigger> triggers = RelationQueries.triggers(c, names);
        List<Policy> policies = RelationQueries.policies(c, names);

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
