package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that create and drop each kind of object, from its snapshot value. Names are always
 * quoted; definitions the catalogs deparsed are used as they are.
 */
final class Ddl {

    private Ddl() {
    }

    // ---------------------------------------------------------------- names and comments

    static String name(String schema, String name) {
        return Quote.ident(schema) + "." + Quote.ident(name);
    }

    static String routineName(Routine r) {
        return name(r.schema(), r.name()) + "(" + r.arguments() + ")";
    }

    /** {@code COMMENT ON <what> IS '...'} (or {@code IS NULL} to remove one). */
    static String comment(String what, String comment) {
        return "COMMENT ON " + what + " IS " + Quote.literal(comment);
    }

    /** The comment statement for an object just created, when it has a comment. */
    static List<String> commentIfAny(String what, String comment) {
        return comment == null ? List.of() : List.of(comment(what, comment));
    }

    // ---------------------------------------------------------------- schemas, extensions

    static List<String> createSchema(Schema s) {
        return with("CREATE SCHEMA " + Quote.ident(s.name()), commentIfAny("SCHEMA " + Quote.ident(s.name()), s.comment()));
    }

    static List<String> dropSchema(Schema s) {
        return List.of("DROP SCHEMA " + Quote.ident(s.name()));
    }

    static List<String> createExtension(Extension e) {
        return List.of("CREATE EXTENSION " + Quote.ident(e.name()) + " WITH SCHEMA " + Quote.ident(e.schema())
                + " VERSION " + Quote.literal(e.version()));
    }

    static List<String> dropExtension(Extension e) {
        return List.of("DROP EXTENSION " + Quote.ident(e.name()));
    }

    // ---------------------------------------------------------------- types

    static List<String> createEnum(EnumType e) {
        return with("CREATE TYPE " + e.sql() + " AS ENUM ("
                + e.labels().stream().map(Quote::literal).collect(Collectors.joining(", ")) + ")",
                commentIfAny("TYPE " + e.sql(), e.comment()));
    }

    static List<String> createDomain(DomainType d) {
        StringBuilder sql = new StringBuilder("CREATE DOMAIN " + d.sql() + " AS " + d.baseType());
        if (d.collation() != null) {
            sql.append(" COLLATE ").append(d.collation());
        }
        if (d.defaultValue() != null) {
            sql.append(" DEFAULT ").append(d.defaultValue());
        }
        if (d.notNull()) {
            sql.append(" NOT NULL");
        }
        for (DomainType.Check check : d.checks()) {
            sql.append(" CONSTRAINT ").append(Quote.ident(check.name())).append(' ').append(check.definition());
        }
        return with(sql.toString(), commentIfAny("DOMAIN " + d.sql(), d.comment()));
    }

    static List<String> createComposite(CompositeType c) {
        return with("CREATE TYPE " + c.sql() + " AS (" + c.attributes().stream().map(Ddl::attribute)
                .collect(Collectors.joining(", ")) + ")", commentIfAny("TYPE " + c.sql(), c.comment()));
    }

    static String attribute(CompositeType.Attribute a) {
        return Quote.ident(a.name()) + " " + a.type() + (a.collation() == null ? "" : " COLLATE " + a.collation());
    }

    static List<String> dropType(String sqlName) {
        return List.of("DROP TYPE " + sqlName);
    }

    static List<String> dropDomain(DomainType d) {
        return List.of("DROP DOMAIN " + d.sql());
    }

    // ---------------------------------------------------------------- sequences, routines

    static List<String> createSequence(Sequence s) {
        return with("CREATE SEQUENCE " + s.relation().sql() + sequenceOptions(s),
                commentIfAny("SEQUENCE " + s.relation().sql(), s.comment()));
    }

    static String sequenceOptions(Sequence s) {
        return " AS " + s.dataType() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.minValue()
                + " MAXVALUE " + s.maxValue() + " START WITH " + s.start() + " CACHE " + s.cache()
                + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    static List<String> dropSequence(Sequence s) {
        return List.of("DROP SEQUENCE " + s.relation().sql());
    }

    static String ownedBy(Sequence s, ColumnRef owner) {
        return "ALTER SEQUENCE " + s.relation().sql() + " OWNED BY " + (owner == null ? "NONE" : owner.sql());
    }

    static String routineWord(Routine r) {
        return r.kind() == Routine.Kind.PROCEDURE ? "PROCEDURE" : "FUNCTION";
    }

    /**
     * The routine's definition, and its comment. A {@code LANGUAGE sql} body is checked against the tables
     * it reads when created, unless {@code check_function_bodies} is off; routines come before tables in
     * the diff's order, so it is turned off first (as {@code pg_dump} does).
     */
    static List<String> createRoutine(Routine r) {
        List<String> out = new ArrayList<>();
        out.addAll(bodyCheckOff(r));
        out.add(r.definition());
        out.addAll(commentIfAny(routineWord(r) + " " + routineName(r), r.comment()));
        return out;
    }

    /** {@code SET check_function_bodies = false} for a routine whose body PostgreSQL would check. */
    static List<String> bodyCheckOff(Routine r) {
        return r.definition().contains("\n LANGUAGE sql\n") ? List.of("SET check_function_bodies = false") : List.of();
    }

    static List<String> dropRoutine(Routine r) {
        return List.of("DROP " + routineWord(r) + " " + routineName(r));
    }

    // ---------------------------------------------------------------- tables and views

    static List<String> createTable(Table t) {
        String name = t.relation().sql();
        StringBuilder sql = new StringBuilder("CREATE ");
        if (t.unlogged()) {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(name);
        if (t.partitionOf() != null) {
            sql.append(" PARTITION OF ").append(t.partitionOf().sql()).append(' ').append(t.partitionBound());
        } else {
            sql.append(" (").append(t.columns().stream().map(c -> "\n    " + column(c))
                    .collect(Collectors.joining(","))).append(t.columns().isEmpty() ? ")" : "\n)");
        }
        if (t.partitionKey() != null) {
            sql.append(" PARTITION BY ").append(t.partitionKey());
        }
        List<String> out = new ArrayList<>(List.of(sql.toString()));
        if (t.rowSecurity()) {
            out.add("ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY");
        }
        if (t.forceRowSecurity()) {
            out.add("ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY");
        }
        out.addAll(commentIfAny("TABLE " + name, t.comment()));
        for (Column c : t.columns()) {
            out.addAll(commentIfAny("COLUMN " + name + "." + Quote.ident(c.name()), c.comment()));
        }
        return out;
    }

    /** A column as {@code CREATE TABLE} and {@code ADD COLUMN} write it. */
    static String column(Column c) {
        StringBuilder sql = new StringBuilder(Quote.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
        }
        if (c.defaultValue() != null) {
            sql.append(" DEFAULT ").append(c.defaultValue());
        }
        if (c.notNull()) {
            sql.append(" NOT NULL");
        }
        if (c.identity() != Column.Identity.NONE) {
            sql.append(" GENERATED ").append(identityWords(c.identity())).append(" AS IDENTITY");
        }
        return sql.toString();
    }

    static String identityWords(Column.Identity identity) {
        return identity == Column.Identity.ALWAYS ? "ALWAYS" : "BY DEFAULT";
    }

    static List<String> dropTable(Table t) {
        return List.of("DROP TABLE " + t.relation().sql());
    }

    static String viewWord(View v) {
        return v.materialized() ? "MATERIALIZED VIEW" : "VIEW";
    }

    static List<String> createView(View v) {
        String name = v.relation().sql();
        List<String> out = new ArrayList<>();
        out.add("CREATE " + viewWord(v) + " " + name
                + (v.options().isEmpty() ? "" : " WITH (" + String.join(", ", v.options()) + ")")
                + " AS\n" + v.definition());
        out.addAll(commentIfAny(viewWord(v) + " " + name, v.comment()));
        for (Column c : v.columns()) {
            out.addAll(commentIfAny("COLUMN " + name + "." + Quote.ident(c.name()), c.comment()));
        }
        return out;
    }

    static List<String> dropView(View v) {
        return List.of("DROP " + viewWord(v) + " " + v.relation().sql());
    }

    // ---------------------------------------------------------------- what hangs on tables

    static List<String> addConstraint(Constraint k) {
        String table = k.relation().sql();
        return with("ALTER TABLE " + table + " ADD CONSTRAINT " + Quote.ident(k.name()) + " " + k.definition(),
                commentIfAny(constraintTarget(k), k.comment()));
    }

    static String constraintTarget(Constraint k) {
        return "CONSTRAINT " + Quote.ident(k.name()) + " ON " + k.relation().sql();
    }

    static List<String> dropConstraint(Constraint k) {
        return List.of("ALTER TABLE " + k.relation().sql() + " DROP CONSTRAINT " + Quote.ident(k.name()));
    }

    static List<String> createIndex(Index i, boolean concurrently) {
        String definition = i.definition();
        if (concurrently) {
            definition = definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
        }
        return with(definition, commentIfAny("INDEX " + name(i.schema(), i.name()), i.comment()));
    }

    static List<String> dropIndex(Index i, boolean concurrently) {
        return List.of("DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + name(i.schema(), i.name()));
    }

    static List<String> createTrigger(Trigger t) {
        List<String> out = new ArrayList<>(List.of(t.definition()));
        if (t.firing() != Trigger.Firing.ORIGIN) {
            out.add(triggerFiring(t, t.firing()));
        }
        out.addAll(commentIfAny(triggerTarget(t), t.comment()));
        return out;
    }

    static String triggerTarget(Trigger t) {
        return "TRIGGER " + Quote.ident(t.name()) + " ON " + t.relation().sql();
    }

    static String triggerFiring(Trigger t, Trigger.Firing firing) {
        String how = switch (firing) {
            case ORIGIN -> "ENABLE";
            case DISABLED -> "DISABLE";
            case REPLICA -> "ENABLE REPLICA";
            case ALWAYS -> "ENABLE ALWAYS";
        };
        return "ALTER TABLE " + t.relation().sql() + " " + how + " TRIGGER " + Quote.ident(t.name());
    }

    static List<String> dropTrigger(Trigger t) {
        return List.of("DROP TRIGGER " + Quote.ident(t.name()) + " ON " + t.relation().sql());
    }

    static List<String> createPolicy(Policy p) {
        StringBuilder sql = new StringBuilder("CREATE POLICY " + Quote.ident(p.name()) + " ON " + p.relation().sql()
                + " AS " + (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command() + " TO "
                + p.roles().stream().map(r -> r.equals("public") ? "PUBLIC" : Quote.ident(r))
                .collect(Collectors.joining(", ")));
        if (p.using() != null) {
            sql.append(" USING (").append(p.using()).append(')');
        }
        if (p.withCheck() != null) {
            sql.append(" WITH CHECK (").append(p.withCheck()).append(')');
        }
        return with(sql.toString(), commentIfAny(policyTarget(p), p.comment()));
    }

    static String policyTarget(Policy p) {
        return "POLICY " + Quote.ident(p.name()) + " ON " + p.relation().sql();
    }

    static List<String> dropPolicy(Policy p) {
        return List.of("DROP POLICY " + Quote.ident(p.name()) + " ON " + p.relation().sql());
    }

    // ---------------------------------------------------------------- helpers

    static List<String> with(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
