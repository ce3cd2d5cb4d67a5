package io.ferry.migration.schema;

/**
 * The identity of each kind of object, as a string that sorts by schema, then table, then name: two
 * objects with one key are one object in two states. Index names are unique within a schema; constraint,
 * trigger and policy names within a table; routines are told apart by their arguments too.
 */
final class Keys {

    private Keys() {
    }

    static String of(EnumType e) {
        return join(e.schema(), e.name());
    }

    static String of(DomainType d) {
        return join(d.schema(), d.name());
    }

    static String of(CompositeType c) {
        return join(c.schema(), c.name());
    }

    static String of(Sequence s) {
        return join(s.schema(), s.name());
    }

    static String of(Routine r) {
        return join(r.schema(), r.name(), r.arguments());
    }

    static String of(Constraint k) {
        return join(k.schema(), k.table(), k.name());
    }

    static String of(Index i) {
        return join(i.schema(), i.name());
    }

    static String of(Trigger t) {
        return join(t.schema(), t.table(), t.name());
    }

    static String of(Policy p) {
        return join(p.schema(), p.table(), p.name());
    }

    private static String join(String... parts) {
        return String.join("\u0000", parts);
    }
}
