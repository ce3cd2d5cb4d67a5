package io.ferry.migration.schema;

/** How the diff's descriptions name objects: bare in {@code public}, schema-qualified elsewhere. */
final class Names {

    private Names() {
    }

    static String display(String schema, String name) {
        return "public".equals(schema) ? name : schema + "." + name;
    }
}
