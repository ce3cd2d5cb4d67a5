package io.ferry.migration.graph;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the text of a target expression into a {@link Target}; checks the form only. */
final class TargetParser {

    private static final Pattern FORM = Pattern.compile(
            "(?:(?<label>[A-Za-z0-9_][A-Za-z0-9_-]*)@)?(?<symbol>[A-Za-z0-9_]*)(?<rel>[+-]\\d+)?");

    /** More steps than any project has revisions; it keeps step arithmetic far from overflow. */
    static final int MAX_STEPS = 1_000_000;

    private TargetParser() {
    }

    static Target parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches() || (m.group("symbol").isEmpty() && m.group("rel") == null)) {
            throw invalid(t, "it is not a target");
        }
        Optional<String> label = Optional.ofNullable(m.group("label"));
        String symbol = m.group("symbol");
        String rel = m.group("rel");
        if (symbol.equals("heads") && rel != null) {
            throw invalid(t, "'heads' takes no relative step");
        }
        if (rel != null) {
            int steps;
            try {
                steps = Integer.parseInt(rel);
            } catch (NumberFormatException e) {
                throw invalid(t, "the relative step " + rel + " is too large");
            }
            if (Math.abs((long) steps) > MAX_STEPS) {
                throw invalid(t, "the relative step " + rel + " is too large (at most " + MAX_STEPS + ")");
            }
            if (steps == 0) {
                throw invalid(t, "a relative step needs a count of at least 1");
            }
            return new Target.Relative(t, label, symbol.isEmpty() ? Optional.empty() : Optional.of(symbol), steps);
        }
        if (label.isPresent()) {
            return switch (symbol) {
                case "head" -> new Target.BranchHead(t, label.get());
                case "heads" -> new Target.BranchHeads(t, label.get());
                case "base" -> new Target.BranchBase(t, label.get());
                default -> new Target.BranchRef(t, label.get(), symbol);
            };
        }
        return switch (symbol) {
            case "head" -> new Target.Head(t);
            case "heads" -> new Target.Heads(t);
            case "base" -> new Target.Base(t);
            default -> new Target.Ref(t, symbol);
        };
    }

    private static FerryException invalid(String text, String why) {
        return new FerryException(MigrationErrorCode.INVALID_TARGET,
                "invalid target '" + text + "': " + why,
                "targets are head, heads, base, a revision id or a 4+ character prefix, +N, -N, REV+N,"
                        + " REV-N, LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N");
    }

}
