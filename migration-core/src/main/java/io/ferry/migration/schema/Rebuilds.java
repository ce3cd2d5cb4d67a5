package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one direction of a diff ({@code from} to {@code to}) drops and creates again among the objects both
 * sides have, and why: those that differ in a way that cannot change in place, and those that would block
 * another change (a view reading a column whose type changes, an index on a generated column that is
 * replaced, a foreign key on a key that is rebuilt, a trigger calling a function that is replaced).
 *
 * <p>The diff asks both directions: a change may need room one way only (adding an enum value does not
 * disturb the views on its columns; removing one rebuilds the type and so does).
 */
final class Rebuilds {

    /** A type or routine rebuilt, by schema and name, for finding definitions that name it. */
    private record Named(String schema, String name, Reason reason) {
    }

    private final Map<RelationName, Reason> tables = new HashMap<>();
    private final Map<RelationName, Reason> views = new HashMap<>();
    /** Relations that go, or turn into another kind (a table into a view of its name, say). */
    private final Map<RelationName, Reason> gone = new HashMap<>();
    private final Map<RelationName, Map<String, Reason>> rewrittenColumns = new HashMap<>();
    private final Map<ColumnRef, Reason> replacedColumns = new HashMap<>();
    private final List<Named> routines = new ArrayList<>();
    private final List<Named> types = new ArrayList<>();
    private final Set<RelationName> keysRebuilt = new HashSet<>();
    private final Set<RelationName> keptTables = new HashSet<>();
    private final Map<String, Constraint> toConstraints = new HashMap<>();
    private final Map<String, Index> toIndexes = new HashMap<>();
    private final Map<String, Trigger> toTriggers = new HashMap<>();
    private final Map<String, Policy> toPolicies = new HashMap<>();

    private Rebuilds(SchemaSnapshot to) {
        to.constraints().forEach(k -> toConstraints.put(Keys.of(k), k));
        to.indexes().forEach(i -> toIndexes.put(Keys.of(i), i));
        to.triggers().forEach(t -> toTriggers.put(Keys.of(t), t));
        to.policies().forEach(p -> toPolicies.put(Keys.of(p), p));
    }

    /**
     * The rebuilds of going from {@code from} to {@code to}, where {@code first} is the first snapshot of the
     * diff: a type rebuilt either way converts the columns the first snapshot has, as those are the ones in
     * the database at that point of the order, whichever way it runs.
     */
    static Rebuilds of(SchemaSnapshot from, SchemaSnapshot to, SchemaSnapshot first) {
        Rebuilds r = new Rebuilds(to);
        r.findTables(from, to);
        r.findColumns(from, to);
        r.findTypes(from, to, first);
        r.findRoutines(from, to);
        r.findViews(from, to);
        r.findKeys(from);
        return r;
    }

    // ---------------------------------------------------------------- questions

    /** The tables both sides have that are not rebuilt: their columns change in place. */
    Set<RelationName> keptTables() {
        return keptTables;
    }

    Reason table(Table t) {
        return tables.get(t.relation());
    }

    Reason view(View v) {
        return views.get(v.relation());
    }

    Reason constraint(Constraint k) {
        Constraint other = toConstraints.get(Keys.of(k));
        if (other == null) {
            return null;
        }
        if (!Shapes.of(k).equals(Shapes.of(other))) {
            return Reason.own("definition differs");
        }
        return firstOf(relation(k.relation()), references(k), replacedColumn(k.relation(), k.definition()));
    }

    Reason index(Index i) {
        Index other = toIndexes.get(Keys.of(i));
        if (other == null) {
            return null;
        }
        if (!i.definition().equals(other.definition())) {
            return Reason.own("definition differs");
        }
        if (i.valid() != other.valid()) {
            return Reason.own(i.valid() ? "not valid in the second database"
                    : "not valid (a failed CREATE INDEX CONCURRENTLY left it)");
        }
        return firstOf(relation(i.relation()), replacedColumn(i.relation(), i.definition()));
    }

    Reason trigger(Trigger t) {
        Trigger other = toTriggers.get(Keys.of(t));
        if (other == null) {
            return null;
        }
        if (!t.definition().equals(other.definition())) {
            return Reason.own("definition differs");
        }
        return firstOf(relation(t.relation()), rewrittenColumn(t.relation(), t.definition()),
                named(routines, t.definition()));
    }

    Reason policy(Policy p) {
        Policy other = toPolicies.get(Keys.of(p));
        if (other == null) {
            return null;
        }
        if (!Shapes.of(p).equals(Shapes.of(other))) {
            return Reason.own("definition differs");
        }
        String expressions = p.using() + " " + p.withCheck();
        return firstOf(relation(p.relation()), rewrittenColumn(p.relation(), expressions), named(routines, expressions),
                named(types, expressions));
    }

    // ---------------------------------------------------------------- finding them

    private void findTables(SchemaSnapshot from, SchemaSnapshot to) {
        for (Pair<Table> p : Pair.match(from.tables(), to.tables(), Table::relation)) {
            if (p.after() == null) {
                gone.put(p.before().relation(), Reason.because("table " + p.before().relation().display() + " goes"));
            }
        }
        for (Pair<View> p : Pair.match(from.views(), to.views(), View::relation)) {
            if (p.after() == null) {
                gone.put(p.before().relation(), Reason.because("view " + p.before().relation().display() + " goes"));
            }
        }
        List<Pair<Table>> pairs = Pair.common(from.tables(), to.tables(), Table::relation);
        for (Pair<Table> p : pairs) {
            if (!Shapes.partitioning(p.before()).equals(Shapes.partitioning(p.after()))) {
                tables.put(p.before().relation(), Reason.own("partitioning differs"));
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Pair<Table> p : pairs) {
                RelationName parent = p.before().partitionOf();
                if (parent != null && tables.containsKey(parent) && !tables.containsKey(p.before().relation())) {
                    tables.put(p.before().relation(), Reason.because("table " + parent.display() + " is rebuilt"));
                    grew = true;
                }
            }
        }
        pairs.stream().map(p -> p.before().relation()).filter(t -> !tables.containsKey(t)).forEach(keptTables::add);
    }

    private void findColumns(SchemaSnapshot from, SchemaSnapshot to) {
        for (Pair<Table> t : Pair.common(from.tables(), to.tables(), Table::relation)) {
            if (!keptTables.contains(t.before().relation())) {
                continue;
            }
            for (Pair<Column> c : Pair.common(t.before().columns(), t.after().columns(), Column::name)) {
                ColumnRef ref = new ColumnRef(t.before().schema(), t.before().name(), c.before().name());
                String name = t.before().relation().display() + "." + ref.column();
                if (ColumnChanges.replaces(c.before(), c.after())) {
                    Reason reason = Reason.because("column " + name + " is replaced");
                    replacedColumns.put(ref, reason);
                    rewritten(ref, reason);
                } else if (ColumnChanges.retypes(c.before(), c.after())) {
                    rewritten(ref, Reason.because("column " + name + " changes type"));
                }
            }
        }
    }

    private void findTypes(SchemaSnapshot from, SchemaSnapshot to, SchemaSnapshot first) {
        for (Pair<EnumType> e : Pair.common(from.enums(), to.enums(), Keys::of)) {
            if (TypeChanges.rebuildsEnum(e.before(), e.after())) {
                typeRebuilt(e.before().schema(), e.before().name(), "enum", first);
            }
        }
        for (Pair<DomainType> d : Pair.common(from.domains(), to.domains(), Keys::of)) {
            if (TypeChanges.rebuildsDomain(d.before(), d.after())) {
                typeRebuilt(d.before().schema(), d.before().name(), "domain", first);
            }
        }
    }

    private void typeRebuilt(String schema, String name, String word, SchemaSnapshot first) {
        Reason reason = Reason.because(word + " " + Names.display(schema, name) + " is rebuilt");
        types.add(new Named(schema, name, reason));
        for (TypeChanges.ColumnOfType c : TypeChanges.columnsOfType(first, keptTables, schema, name)) {
            rewritten(c.column(), reason);
        }
    }

    private void findRoutines(SchemaSnapshot from, SchemaSnapshot to) {
        for (Pair<Routine> r : Pair.common(from.routines(), to.routines(), Keys::of)) {
            if (RoutineChanges.rebuilds(r.before(), r.after())) {
                routines.add(new Named(r.before().schema(), r.before().name(), Reason.because(
                        r.before().kind().name().toLowerCase(Locale.ROOT) + " "
                                + Names.display(r.before().schema(), r.before().name()) + " is replaced")));
            }
        }
    }

    private void findViews(SchemaSnapshot from, SchemaSnapshot to) {
        Map<RelationName, Integer> depths = Depths.ofViews(from.views());
        List<Pair<View>> pairs = new ArrayList<>(Pair.common(from.views(), to.views(), View::relation));
        pairs.sort(Comparator.comparing(p -> depths.getOrDefault(p.before().relation(), 0)));
        for (Pair<View> p : pairs) {
            View v = p.before();
            Reason reason;
            if (!Shapes.of(v).equals(Shapes.of(p.after()))) {
                reason = Reason.own("definition differs");
            } else {
                reason = firstOf(v.dependsOn().stream().map(this::relation).filter(Objects::nonNull).findFirst().orElse(null),
                        v.columnsRead().stream().map(c -> columnReason(c.relation(), c.column()))
                                .filter(Objects::nonNull).findFirst().orElse(null),
                        named(routines, v.definition()), named(types, v.definition()),
                        Shapes.columns(v).equals(Shapes.columns(p.after())) ? null
                                : Reason.because("the types of its columns change"));
            }
            if (reason != null) {
                views.put(v.relation(), reason);
            }
        }
    }

    private void findKeys(SchemaSnapshot from) {
        for (Constraint k : from.constraints()) {
            boolean key = k.type() == Constraint.Type.PRIMARY_KEY || k.type() == Constraint.Type.UNIQUE;
            if (key && (!toConstraints.containsKey(Keys.of(k)) || constraint(k) != null)) {
                keysRebuilt.add(k.relation());
            }
        }
        for (Index i : from.indexes()) {
            if (i.definition().startsWith("CREATE UNIQUE ") && (!toIndexes.containsKey(Keys.of(i)) || index(i) != null)) {
                keysRebuilt.add(i.relation());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void rewritten(ColumnRef column, Reason reason) {
        rewrittenColumns.computeIfAbsent(column.relation(), t -> new HashMap<>()).putIfAbsent(column.column(), reason);
    }

    private Reason relation(RelationName name) {
        if (gone.containsKey(name)) {
            return gone.get(name);
        }
        if (tables.containsKey(name)) {
            return Reason.because("table " + name.display() + " is rebuilt");
        }
        if (views.containsKey(name)) {
            return Reason.because("view " + name.display() + " is rebuilt");
        }
        return null;
    }

    private Reason references(Constraint k) {
        RelationName target = k.references();
        if (target == null) {
            return null;
        }
        if (tables.containsKey(target)) {
            return Reason.because("table " + target.display() + " is rebuilt");
        }
        return keysRebuilt.contains(target) ? Reason.because("a key of table " + target.display() + " changes") : null;
    }

    private Reason columnReason(RelationName table, String column) {
        return rewrittenColumns.getOrDefault(table, Map.of()).get(column);
    }

    /** The reason of the first column of {@code table} that is rewritten and that {@code sql} names. */
    private Reason rewrittenColumn(RelationName table, String sql) {
        return mentioned(rewrittenColumns.getOrDefault(table, Map.of()), sql);
    }

    /** The reason of the first column of {@code table} that is replaced and that {@code sql} names. */
    private Reason replacedColumn(RelationName table, String sql) {
        Map<String, Reason> replaced = new HashMap<>();
        replacedColumns.forEach((c, r) -> {
            if (c.relation().equals(table)) {
                replaced.put(c.column(), r);
            }
        });
        return mentioned(replaced, sql);
    }

    private static Reason mentioned(Map<String, Reason> columns, String sql) {
        return columns.keySet().stream().sorted().filter(c -> Mentions.identifier(sql, c)).findFirst()
                .map(columns::get).orElse(null);
    }

    private static Reason named(List<Named> named, String sql) {
        return named.stream().filter(n -> Mentions.qualified(sql, n.schema(), n.name())).map(Named::reason)
                .findFirst().orElse(null);
    }

    private static Reason firstOf(Reason... reasons) {
        for (Reason r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
