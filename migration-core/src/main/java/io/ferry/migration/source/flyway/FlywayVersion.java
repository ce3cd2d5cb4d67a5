package io.ferry.migration.source.flyway;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Flyway version: whole numbers separated by dots (underscores in file names), compared part by part
 * as numbers, with trailing zero parts ignored ({@code 1.0} equals {@code 1}, {@code 1.10} comes after
 * {@code 1.9}).
 *
 * @param text the version as Flyway records it: the file's version with {@code _} written as {@code .}
 */
public record FlywayVersion(String text, List<BigInteger> parts) implements Comparable<FlywayVersion> {

    private static final Pattern FORM = Pattern.compile("\\d+(\\.\\d+)*");

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
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + version + "' is not a version: write whole numbers separated"
                    + " by dots or underscores, such as 1, 1.2 or 2_0_1");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("\\.")) {
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new FlywayVersion(text, parts);
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
        return Objects.hash(parts);
    }

    @Override
    public String toString() {
        return text;
    }
}
