package io.ferry.migration.lint;

import java.util.Locale;

/** Row counts and byte sizes as findings print them: {@code 12M}, {@code 9.8 GB}. */
public final class Sizes {

    private Sizes() {
    }

    /** {@code 950}, {@code 12k}, {@code 1.2M}, {@code 3.4G}. */
    public static String count(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v).replace(".0", "") : Long.toString(Math.round(v)))
                + units[u];
    }

    /** {@code 512 bytes}, {@code 8 kB}, {@code 9.8 GB}, with PostgreSQL's units (1 kB = 1024 bytes). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v).replace(".0", "") : Long.toString(Math.round(v)))
                + " " + units[u];
    }
}
