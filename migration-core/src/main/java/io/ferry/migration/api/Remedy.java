package io.ferry.migration.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What to do about an error: a sentence whose actionable parts are {@link Action}s, each of a kind from
 * a closed vocabulary ({@link RemedyKind}; the core's is {@link MigrationRemedy}). The module that throws
 * describes the situation and names the action; whoever shows the error words each action in its own
 * terms: a library user reads the method to call ({@link #toString()}), the command line its flags and
 * commands, the server a link or a button.
 *
 * <pre>
 * Remedy.of("wait for that run to finish, or raise ", MigrationRemedy.LOCK_WAIT)
 * Remedy.of("record where the database is with: ", MigrationRemedy.PURGE.with("REV"))
 * </pre>
 *
 * @param parts the sentence, in order: plain text and actions
 */
public record Remedy(List<Part> parts) {

    /** One piece of the sentence. */
    public sealed interface Part permits Text, Action {
    }

    /** Words that name no action, the same for every reader. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An action of the vocabulary, with its arguments (each kind says what they are).
     *
     * @param kind      what to change or do
     * @param arguments values the action needs, such as a revision id or a target; often none
     */
    public record Action(RemedyKind kind, List<String> arguments) implements Part {
        public Action {
            Objects.requireNonNull(kind, "kind");
            arguments = List.copyOf(arguments);
        }

        /** The action in a library user's terms. */
        public String inLibraryTerms() {
            return kind.inLibraryTerms(arguments);
        }
    }

    public Remedy {
        parts = List.copyOf(parts);
    }

    /** A remedy of plain text, with no action in it; null or empty text for none at all. */
    public static Remedy text(String text) {
        return text == null || text.isEmpty() ? new Remedy(List.of()) : new Remedy(List.of(new Text(text)));
    }

    /**
     * A remedy from its pieces, each a {@link String}, an {@link Action}, a {@link RemedyKind} (its
     * action without arguments), or a {@link Remedy} (its pieces, its actions kept as actions).
     *
     * @throws IllegalArgumentException for a piece of another type
     */
    public static Remedy of(Object... pieces) {
        List<Part> parts = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof String s) {
                if (!s.isEmpty()) {
                    parts.add(new Text(s));
                }
            } else if (piece instanceof Part p) {
                parts.add(p);
            } else if (piece instanceof RemedyKind k) {
                parts.add(k.with());
            } else if (piece instanceof Remedy r) {
                parts.addAll(r.parts());
            } else {
                throw new IllegalArgumentException("a remedy is made of text and actions, not " + piece);
            }
        }
        return new Remedy(parts);
    }

    /** This sentence followed by more pieces, as {@link #of} takes them. */
    public Remedy and(Object... pieces) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(of(pieces).parts());
        return new Remedy(all);
    }

    /** The actions in the sentence, in order. */
    public List<Action> actions() {
        return parts.stream().filter(Action.class::isInstance).map(Action.class::cast).toList();
    }

    /** True when there is nothing to say. */
    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The sentence with each action in the words {@code words} gives it. */
    public String render(Function<Action, String> words) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            sb.append(part instanceof Text t ? t.text() : words.apply((Action) part));
        }
        return sb.toString();
    }

    /** The sentence in a library user's terms. */
    @Override
    public String toString() {
        return render(Action::inLibraryTerms);
    }
}
