package io.ferry.migration;

/** An applied revision whose source changed after it was applied. */
public record ChecksumMismatch(String revision, String origin, String recorded, String current) {

    /** For messages: {@code migrations/x.sql (revision a1: applied with checksum ..., the file now has ...)}. */
    public String describe() {
        return origin + " (revision " + revision + ": applied with checksum " + recorded + ", the file now has "
                + current + ")";
    }
}
