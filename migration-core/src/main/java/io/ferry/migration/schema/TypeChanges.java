package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The diff of enums, domains and composite types, changed in place where PostgreSQL can:
 *
 * <ul>
 *   <li>an enum gains values with {@code ALTER TYPE ... ADD VALUE}; PostgreSQL cannot remove or reorder
 *       values, so then the type is rebuilt: the old one renamed aside, the new one created, every column
 *       of it converted through its text, the old one dropped (a row holding a removed value makes the
 *       conversion fail, and the change says it can lose data);</li>
 *   <li>a domain changes its default, nullability and checks with {@code ALTER DOMAIN}; a new base type or
 *       collation rebuilds it the same way as an enum;</li>
 *   <li>a composite type adds, drops and retypes trailing attributes with {@code ALTER TYPE}; any other
 *       change drops and creates it, which fails while a column uses it.</li>
 * </ul>
 */
final class TypeChanges {

    /** A column whose type is a given type, or an array of it. */
    record ColumnOfType(ColumnRef column, Column definition) {
    }

    /** The name a rebuilt type's old self takes while its columns are converted. */
    private static final String ASIDE = "__ferry_old";

    private TypeChanges() {
    }

    /**
     * Adds the changes of types; {@code keptTables}, the tables both sides keep, are those whose columns a
     * rebuilt type converts (as the first snapshot has them).
     */
    static void diff(SchemaSnapshot a, SchemaSnapshot b, Set<RelationName> keptTables, ChangeList out) {
        WholeObjects.of(e -> ObjectKind.ENUM, e -> e.schema() + "." + e.name(), e -> Names.display(e.schema(), e.name()),
                        Ddl::createEnum, e -> Ddl.dropType(e.sql()), Step.CREATE_ENUM, Step.DROP_ENUM)
                .alteredBy((from, to) -> alterEnum(from, to, columnsOfType(a, keptTables, to.schema(), to.name())))
                .diff(Pair.match(a.enums(), b.enums(), Keys::of), null, null, out);
        WholeObjects.of(d -> ObjectKind.DOMAIN, d -> d.schema() + "." + d.name(), d -> Names.display(d.schema(), d.name()),
                        Ddl::createDomain, Ddl::dropDomain, Step.CREATE_DOMAIN, Step.DROP_DOMAIN)
                .alteredBy((from, to) -> alterDomain(from, to, columnsOfType(a, keptTables, to.schema(), to.name())))
                .diff(Pair.match(a.domains(), b.domains(), Keys::of), null, null, out);
        WholeObjects.of(c -> ObjectKind.COMPOSITE_TYPE, c -> c.schema() + "." + c.name(),
                        c -> Names.display(c.schema(), c.name()), Ddl::createComposite, c -> Ddl.dropType(c.sql()),
                        Step.CREATE_COMPOSITE, Step.DROP_COMPOSITE)
                .alteredBy(TypeChanges::alterComposite)
                .diff(Pair.match(a.composites(), b.composites(), Keys::of), null, null, out);
    }

    /** Whether going from one enum to the other rebuilds it: a value is removed or moved. */
    static boolean rebuildsEnum(EnumType from, EnumType to) {
        return !insertsOnly(from.labels(), to.labels());
    }

    /** Whether going from one domain to the other rebuilds it: its base type or collation changes. */
    static boolean rebuildsDomain(DomainType from, DomainType to) {
        return !from.baseType().equals(to.baseType()) || !Objects.equals(from.collation(), to.collation());
    }

    /** The columns of these tables of {@code snapshot} whose type is {@code schema.name} or an array of it. */
    static List<ColumnOfType> columnsOfType(SchemaSnapshot snapshot, Set<RelationName> tables, String schema,
                                            String name) {
        List<ColumnOfType> out = new ArrayList<>();
        for (Table t : snapshot.tables()) {
            if (tables.contains(t.relation())) {
                for (Column c : t.columns()) {
                    if (Mentions.isType(c.type(), schema, name)) {
                        out.add(new ColumnOfType(new ColumnRef(t.schema(), t.name(), c.name()), c));
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code after} is {@code before} with values added, in place, and none removed or moved. */
    private static boolean insertsOnly(List<String> before, List<String> after) {
        int i = 0;
        for (String label : after) {
            if (i < before.size() && before.get(i).equals(label)) {
                i++;
            }
        }
        return i == before.size() && new HashSet<>(after).containsAll(before);
    }

    /**
     * Rebuilds a type: sets the old one aside under another name, creates the new one, converts the columns
     * of it (dropping and restoring their defaults around the conversion), drops the old one.
     */
    private static List<String> rebuildType(String schema, String name, List<String> create, List<ColumnOfType> columns,
                                        Function<ColumnOfType, String> using, String word) {
        List<String> sql = new ArrayList<>();
        sql.add("ALTER " + word + " " + Ddl.name(schema, name) + " RENAME TO " + Quote.ident(name + ASIDE));
        sql.addAll(create);
        for (ColumnOfType c : columns) {
            String alter = "ALTER TABLE " + c.column().relation().sql() + " ALTER COLUMN " + Quote.ident(c.column().column());
            if (c.definition().defaultValue() != null) {
                sql.add(alter + " DROP DEFAULT");
            }
            sql.add(alter + " TYPE " + c.definition().type() + " USING " + using.apply(c));
            if (c.definition().defaultValue() != null) {
                sql.add(alter + " SET DEFAULT " + c.definition().defaultValue());
            }
        }
        sql.add("DROP " + word + " " + Ddl.name(schema, name + ASIDE));
        return sql;
    }

    private static Alteration alterEnum(EnumType from, EnumType to, List<ColumnOfType> columns) {
        Alteration change = new Alteration();
        if (!from.labels().equals(to.labels())) {
            if (insertsOnly(from.labels(), to.labels())) {
                change.differs("values", addValues(from, to)).outsideTransaction();
            } else {
                return change.differs("values", rebuildType(to.schema(), to.name(), Ddl.createEnum(to), columns,
                                c -> Quote.ident(c.column().column()) + "::text" + arrayOf(c) + "::" + c.definition().type(),
                                "TYPE"))
                        .losingData(!new HashSet<>(to.labels()).containsAll(from.labels()));
            }
        }
        return change.comment("TYPE " + to.sql(), from.comment(), to.comment());
    }

    /** {@code ADD VALUE} for each new value, placed before the next old one (or at the end). */
    private static List<String> addValues(EnumType from, EnumType to) {
        List<String> sql = new ArrayList<>();
        List<String> labels = to.labels();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (from.labels().contains(label)) {
                continue;
            }
            String place = "";
            for (int j = i + 1; j < labels.size() && place.isEmpty(); j++) {
                if (from.labels().contains(labels.get(j))) {
                    place = " BEFORE " + Quote.literal(labels.get(j));
                }
            }
            sql.add("ALTER TYPE " + to.sql() + " ADD VALUE " + Quote.literal(label) + place);
        }
        return sql;
    }

    /** The {@code []} of an array column, for its cast through text. */
    private static String arrayOf(ColumnOfType c) {
        String type = c.definition().type();
        return type.endsWith("[]") ? type.substring(type.indexOf("[]")) : "";
    }

    private static Alteration alterDomain(DomainType from, DomainType to, List<ColumnOfType> columns) {
        Alteration change = new Alteration();
        if (rebuildsDomain(from, to)) {
            return change.differs("base type", rebuildType(to.schema(), to.name(), Ddl.createDomain(to), columns,
                    c -> Quote.ident(c.column().column()) + "::" + c.definition().type(), "DOMAIN")).losingData(true);
        }
        String domain = "ALTER DOMAIN " + to.sql();
        if (!Objects.equals(from.defaultValue(), to.defaultValue())) {
            change.differs("default", domain + (to.defaultValue() == null ? " DROP DEFAULT"
                    : " SET DEFAULT " + to.defaultValue()));
        }
        if (from.notNull() != to.notNull()) {
            change.differs("nullability", domain + (to.notNull() ? " SET NOT NULL" : " DROP NOT NULL"));
        }
        Map<String, String> before = from.checks().stream()
                .collect(Collectors.toMap(DomainType.Check::name, DomainType.Check::definition));
        Map<String, String> after = to.checks().stream()
                .collect(Collectors.toMap(DomainType.Check::name, DomainType.Check::definition));
        before.keySet().stream().sorted().filter(n -> !before.get(n).equals(after.get(n))).forEach(n ->
                change.differs("checks", domain + " DROP CONSTRAINT " + Quote.ident(n)));
        after.keySet().stream().sorted().filter(n -> !after.get(n).equals(before.get(n))).forEach(n ->
                change.differs("checks", domain + " ADD CONSTRAINT " + Quote.ident(n) + " " + after.get(n)));
        return change.comment("DOMAIN " + to.sql(), from.comment(), to.comment());
    }

    private static Alteration alterComposite(CompositeType from, CompositeType to) {
        Alteration change = new Alteration();
        List<CompositeType.Attribute> before = from.attributes();
        List<CompositeType.Attribute> after = to.attributes();
        int common = 0;
        while (common < before.size() && common < after.size()
                && before.get(common).name().equals(after.get(common).name())) {
            common++;
        }
        if (common < before.size() && common < after.size()) {
            List<String> sql = new ArrayList<>(Ddl.dropType(from.sql()));
            sql.addAll(Ddl.createComposite(to));
            return change.differs("attributes", sql);
        }
        String type = "ALTER TYPE " + to.sql();
        for (int i = 0; i < common; i++) {
            CompositeType.Attribute a = after.get(i);
            if (!before.get(i).equals(a)) {
                change.differs("attributes", type + " ALTER ATTRIBUTE " + Quote.ident(a.name()) + " TYPE " + a.type()
                        + (a.collation() == null ? "" : " COLLATE " + a.collation()));
            }
        }
        for (int i = before.size() - 1; i >= common; i--) {
            change.differs("attributes", type + " DROP ATTRIBUTE " + Quote.ident(before.get(i).name()));
        }
        for (int i = common; i < after.size(); i++) {
            change.differs("attributes", type + " ADD ATTRIBUTE " + Ddl.attribute(after.get(i)));
        }
        return change.comment("TYPE " + to.sql(), from.comment(), to.comment());
    }
}
