package io.ferry.cli.json;

import io.ferry.migration.UnknownRevisions;
import io.ferry.migration.api.Remedy;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * In {@code status} and {@code check}: the heads no migration file defines, and where they sit against the
 * files ({@code ahead}, {@code other-branch} or {@code unplaced}), with the message and what to do.
 */
public record UnknownRevisionsJson(String placement, List<String> heads, List<String> undefined,
                                   List<String> appliedOnTopOf, List<String> filesContinueWith, String message,
                                   String hint) {

    /** The value, its remedy in the words {@code words} gives it. */
    static UnknownRevisionsJson of(UnknownRevisions u, Function<Remedy, String> words) {
        return new UnknownRevisionsJson(u.placement().name().toLowerCase(Locale.ROOT).replace('_', '-'), u.heads(),
                u.undefined(), u.appliedOnTopOf(), u.filesContinueWith(), u.message(), words.apply(u.remedy()));
    }
}
