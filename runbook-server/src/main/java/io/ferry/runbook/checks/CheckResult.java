package io.ferry.runbook.checks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a check found: a status, one line that says it, and the rows that explain it.
 *
 * @param status  ok, warning or failing
 * @param summary one line, for the box's heading
 * @param columns the names of the rows' columns
 * @param rows    each as many cells as there are columns; a cell with nothing to show is empty, never null
 */
public record CheckResult(Status status, String summary, List<String> columns, List<List<String>> rows) {

    public CheckResult {
        int width = columns.size();
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> {
            if (r.size() != width) {
                throw new IllegalArgumentException("a row has " + r.size() + " cells for " + width + " columns");
            }
            return r.stream().map(cell -> cell == null ? "" : cell).toList();
        }).toList();
    }

    public static CheckResult ok(String summary) {
        return new CheckResult(Status.OK, summary, List.of(), List.of());
    }

    /** A result with rows built one at a time: {@code CheckResult.of(status, summary).columns(...).row(...)}. */
    public static Builder of(Status status, String summary) {
        return new Builder(status, summary);
    }

    /** How a check stands. */
    public enum Status {
        OK, WARNING, FAILING;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The worse of the two. */
        public Status worst(Status other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /** Builds a {@link CheckResult}. */
    public static final class Builder {
        private final Status status;
        private final String summary;
        private List<String> columns = List.of();
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(Status status, String summary) {
            this.status = status;
            this.summary = summary;
        }

        public Builder columns(String... names) {
            columns = List.of(names);
            return this;
        }

        public Builder row(String... cells) {
            rows.add(Arrays.asList(cells));
            return this;
        }

        public CheckResult build() {
            return new CheckResult(status, summary, columns, rows);
        }
    }
}
