package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.List;

/** The diff of schemas and extensions: created first, dropped last, and changed in place. */
final class NamespaceChanges {

    private NamespaceChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, ChangeList out) {
        new Schemas().diff(Pair.match(a.schemas(), b.schemas(), Schema::name), null, null, out);
        new Extensions().diff(Pair.match(a.extensions(), b.extensions(), Extension::name), null, null, out);
    }

    private static final class Schemas extends WholeObjects<Schema> {

        @Override
        ObjectKind kind(Schema s) {
            return ObjectKind.SCHEMA;
        }

        @Override
        String object(Schema s) {
            return s.name();
        }

        @Override
        String display(Schema s) {
            return s.name();
        }

        @Override
        List<String> create(Schema s) {
            return Ddl.createSchema(s);
        }

        @Override
        List<String> drop(Schema s) {
            return Ddl.dropSchema(s);
        }

        @Override
        Step createStep(Schema s) {
            return Step.CREATE_SCHEMA;
        }

        @Override
        Step dropStep(Schema s) {
            return Step.DROP_SCHEMA;
        }

        @Override
        Alteration alter(Schema from, Schema to) {
            return new Alteration().comment("SCHEMA " + Quote.ident(to.name()), from.comment(), to.comment());
        }
    }

    private static final class Extensions extends WholeObjects<Extension> {

        @Override
        ObjectKind kind(Extension e) {
            return ObjectKind.EXTENSION;
        }

        @Override
        String object(Extension e) {
            return e.name();
        }

        @Override
        String display(Extension e) {
            return e.name();
        }

        @Override
        List<String> create(Extension e) {
            return Ddl.createExtension(e);
        }

        @Override
        List<String> drop(Extension e) {
            return Ddl.dropExtension(e);
        }

        @Override
        Step createStep(Extension e) {
            return Step.CREATE_EXTENSION;
        }

        @Override
        Step dropStep(Extension e) {
            return Step.DROP_EXTENSION;
        }

        @Override
        Alteration alter(Extension from, Extension to) {
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
}
