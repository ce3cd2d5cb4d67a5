package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;

/** The diff of schemas and extensions: created first, dropped last, and changed in place. */
final class NamespaceChanges {

    private NamespaceChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, ChangeList out) {
        WholeObjects.of(s -> ObjectKind.SCHEMA, Schema::name, Schema::name, Ddl::createSchema, Ddl::dropSchema,
                        Step.CREATE_SCHEMA, Step.DROP_SCHEMA)
                .alteredBy((from, to) -> new Alteration().comment("SCHEMA " + Quote.ident(to.name()), from.comment(),
                        to.comment()))
                .diff(Pair.match(a.schemas(), b.schemas(), Schema::name), null, null, out);
        WholeObjects.of(e -> ObjectKind.EXTENSION, Extension::name, Extension::name, Ddl::createExtension,
                        Ddl::dropExtension, Step.CREATE_EXTENSION, Step.DROP_EXTENSION)
                .alteredBy(NamespaceChanges::alter)
                .diff(Pair.match(a.extensions(), b.extensions(), Extension::name), null, null, out);
    }

    private static Alteration alter(Extension from, Extension to) {
        Alteration change = new Alteration();
        String name = Quote.ident(to.name());
        if (!from.schema().equals(to.schema())) {
            change.differs("schema", "ALTER EXTENSION " + name + " SET SCHEMA " + Quote.ident(to.schema()));
        }
        if (!from.version().equals(to.version())) {
            change.differs("version", "ALTER EXTENSION " + name + " UPDATE TO " + Quote.literal(to.version()));
        }
        return change;
    }
}
