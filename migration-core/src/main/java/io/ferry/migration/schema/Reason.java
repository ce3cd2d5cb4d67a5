package io.ferry.migration.schema;

/**
 * Why an object present on both sides of a diff is dropped and created again: it differs in a way that
 * cannot change in place ({@code own}), or something it depends on changes in a way it would block.
 *
 * @param text what happens, for descriptions: {@code definition differs}, {@code column documents.url
 *             changes type}
 */
record Reason(String text, boolean own) {

    static Reason own(String text) {
        return new Reason(text, true);
    }

    static Reason because(String text) {
        return new Reason(text, false);
    }
}
