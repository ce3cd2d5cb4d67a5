package io.ferry.migration.source.flyway;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A Flyway version: whole numbers separated by dots (underscores in file names), compared part by part
 * as numbers, with trailing zero parts ignored ({@code 1.0} equals {@code 1}, {@code 1.10} comes after
 * {@code 1.9}).
 *
 * @param text the version as Flyway records it: the file's version with {@code _} written as {@code .}
 */
public record FlywayVersion(String text, List<BigInteger> parts) implements Comparable<FlywayVersion> {

    /** Parts with at most this many digits fit a long. */
    private static final int MAX_LONG_DIGITS = 18;

    public FlywayVersion {
        parts = List.copyOf(parts);
    }

    /**
     * Reads a version as written in a file name ({@code 1_2}) or in the history ({@code 1.2}).
     *
     * @throws IllegalArgumentException when a part is not a whole number
     */
    public static FlywayVersion parse(String version) {
        String text = version.replace('_', '.');
        List<BigInteger> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (i == start) {
                    throw notAVersion(version);
                }
                parts.add(i - start <= MAX_LONG_DIGITS ? BigInteger.valueOf(Long.parseLong(text, start, i, 10))
                        : new BigInteger(text.substring(start, i)));
                start = i + 1;
            } else if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw notAVersion(version);
            }
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new FlywayVersion(text, parts);
    }

    private static IllegalArgumentException notAVersion(String version) {
        return new IllegalArgumentException("'" + version + "' is not a version: write whole numbers separated"
                + " by dots or underscores, such as 1, 1.2 or 2_0_1");
    }

    /** The revision id Ferry uses for this version: its text with dots as underscores. */
    public String revisionId() {
        return text.replace('.', '_');
    }

    @Override
    public int compareTo(FlywayVersion other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Versions are equal when their numbers are, whatever the spelling: 1.0 equals 1. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FlywayVersion v && parts.equals(v.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
