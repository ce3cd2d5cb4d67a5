package io.ferry.migration.api;

import java.util.List;

/**
 * A kind of {@link Remedy.Action}: one word of a closed vocabulary of what a user can change or run to
 * get past an error. Each module keeps its vocabulary in an enum of its own that implements this
 * interface ({@link MigrationRemedy} for the core), as it keeps its error codes, so the core never names
 * a module above it. Front ends word each kind their own way; the kind itself knows only a library
 * user's terms.
 */
public interface RemedyKind {

    /** The enum constant's name, for example {@code LOCK_WAIT}. */
    String name();

    /** The action in a library user's terms, given its arguments: the method to call or the setting to change. */
    String inLibraryTerms(List<String> arguments);

    /** An action of this kind. */
    default Remedy.Action with(String... arguments) {
        return new Remedy.Action(this, List.of(arguments));
    }

    /** An action of this kind with a list of arguments. */
    default Remedy.Action with(List<String> arguments) {
        return new Remedy.Action(this, arguments);
    }
}
