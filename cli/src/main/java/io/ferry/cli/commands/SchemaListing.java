package io.ferry.cli.commands;

import io.ferry.migration.schema.Column;
import io.ferry.migration.schema.CompositeType;
import io.ferry.migration.schema.DomainType;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.schema.Table;
import io.ferry.migration.schema.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code ferry schema dump}'s text: one line per object, kind by kind in the snapshot's order, a table's
 * columns indented under it; definitions as PostgreSQL deparsed them. For people; scripts read the JSON.
 */
final class SchemaListing {

    private SchemaListing() {
    }

    static List<String> lines(SchemaSnapshot s) {
        List<String> out = new ArrayList<>();
        section(out, s.schemas(), x -> "schema " + x.name());
        section(out, s.extensions(), x -> "extension " + x.name() + " " + x.version() + " in " + x.schema());
        section(out, s.enums(), x -> "enum " + x.schema() + "." + x.name() + ": " + String.join(", ", x.labels()));
        section(out, s.domains(), SchemaListing::domain);
        section(out, s.composites(), x -> "type " + x.schema() + "." + x.name() + " (" + String.join(", ",
                x.attributes().stream().map(SchemaListing::attribute).toList()) + ")");
        section(out, s.sequences(), x -> "sequence " + x.schema() + "." + x.name() + " " + x.dataType()
                + (x.ownedBy() == null ? "" : " owned by " + x.ownedBy().table() + "." + x.ownedBy().column()));
        if (!s.tables().isEmpty()) {
            out.add("");
            s.tables().forEach(t -> {
                out.add(table(t));
                t.columns().forEach(c -> out.add("  " + column(c)));
            });
        }
        section(out, s.views(), SchemaListing::view);
        section(out, s.constraints(), x -> "constraint " + x.name() + " on " + x.schema() + "." + x.table() + ": "
                + x.definition() + (x.deferrable() ? " DEFERRABLE" + (x.deferred() ? " INITIALLY DEFERRED" : "") : ""));
        section(out, s.indexes(), x -> "index " + x.name() + " on " + x.schema() + "." + x.table() + ": "
                + x.definition() + (x.valid() ? "" : " (INVALID)"));
        section(out, s.routines(), x -> x.kind().name().toLowerCase(Locale.ROOT) + " " + x.schema() + "." + x.name()
                + "(" + x.arguments() + ")" + (x.result() == null ? "" : " returns " + x.result()));
        section(out, s.triggers(), x -> "trigger " + x.name() + " on " + x.schema() + "." + x.table() + ": "
                + x.definition() + " (" + x.firing().name().toLowerCase(Locale.ROOT) + ")");
        section(out, s.policies(), x -> "policy " + x.name() + " on " + x.schema() + "." + x.table() + ": "
                + (x.permissive() ? "permissive" : "restrictive") + " for " + x.command() + " to "
                + String.join(", ", x.roles()) + (x.using() == null ? "" : " using " + x.using())
                + (x.withCheck() == null ? "" : " with check " + x.withCheck()));
        return out.isEmpty() ? List.of("(no objects)") : out.subList(out.get(0).isEmpty() ? 1 : 0, out.size());
    }

    private static <T> void section(List<String> out, List<T> items, Function<T, String> line) {
        if (!items.isEmpty()) {
            out.add("");
            items.forEach(i -> out.add(line.apply(i)));
        }
    }

    private static String domain(DomainType d) {
        return "domain " + d.schema() + "." + d.name() + ": " + d.baseType()
                + (d.collation() == null ? "" : " COLLATE " + d.collation())
                + (d.defaultValue() == null ? "" : " DEFAULT " + d.defaultValue()) + (d.notNull() ? " NOT NULL" : "")
                + String.join("", d.checks().stream().map(c -> " " + c.definition()).toList());
    }

    private static String attribute(CompositeType.Attribute a) {
        return a.name() + " " + a.type() + (a.collation() == null ? "" : " COLLATE " + a.collation());
    }

    private static String table(Table t) {
        return "table " + t.schema() + "." + t.name()
                + (t.partitionKey() == null ? "" : " PARTITION BY " + t.partitionKey())
                + (t.partitionOf() == null ? "" : " PARTITION OF " + t.partitionOf().schema() + "."
                        + t.partitionOf().name() + " " + t.partitionBound())
                + (t.unlogged() ? " UNLOGGED" : "")
                + (t.rowSecurity() ? " ROW LEVEL SECURITY" + (t.forceRowSecurity() ? " FORCED" : "") : "");
    }

    private static String column(Column c) {
        return c.name() + " " + c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation())
                + (c.notNull() ? " NOT NULL" : "") + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                + (c.identity() == Column.Identity.NONE ? "" : " GENERATED " + c.identity().name().replace('_', ' ')
                        + " AS IDENTITY")
                + (c.generated() == null ? "" : " GENERATED ALWAYS AS (" + c.generated() + ") STORED");
    }

    private static String view(View v) {
        return (v.materialized() ? "materialized view " : "view ") + v.schema() + "." + v.name() + " ("
                + String.join(", ", v.columns().stream().map(c -> c.name() + " " + c.type()).toList()) + ")";
    }
}
