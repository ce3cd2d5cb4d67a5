package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What changes in place about one object going one way: which of its attributes differ, and the statements. */
final class Alteration {

    private final List<String> differences = new ArrayList<>();
    private final List<String> sql = new ArrayList<>();
    private boolean losesData;
    private boolean transactional = true;

    /** Records that {@code attribute} differs and what changes it. */
    Alteration differs(String attribute, List<String> statements) {
        if (!differences.contains(attribute)) {
            differences.add(attribute);
        }
        sql.addAll(statements);
        return this;
    }

    Alteration differs(String attribute, String statement) {
        return differs(attribute, List.of(statement));
    }

    /** Records a changed comment, when it changed: {@code COMMENT ON <target> IS ...}. */
    Alteration comment(String target, String from, String to) {
        return Objects.equals(from, to) ? this : differs("comment", Ddl.comment(target, to));
    }

    Alteration losingData(boolean loses) {
        losesData |= loses;
        return this;
    }

    Alteration outsideTransaction() {
        transactional = false;
        return this;
    }

    boolean isEmpty() {
        return differences.isEmpty();
    }

    List<String> differences() {
        return differences;
    }

    List<String> sql() {
        return sql;
    }

    boolean losesData() {
        return losesData;
    }

    boolean transactional() {
        return transactional;
    }

    /** {@code default differs}, {@code values differ}, {@code type, default differ}. */
    String describe() {
        boolean one = differences.size() == 1 && !differences.get(0).endsWith("s");
        return String.join(", ", differences) + (one ? " differs" : " differ");
    }
}
