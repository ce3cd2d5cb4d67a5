package io.ferry.runbook.runbooks;

import java.util.regex.Pattern;

/** The names runbook pages may have, and the addresses they are served at. */
public final class RunbookLinks {

    /** A page's name: letters, digits, dashes and underscores; never a path ({@code ..}, {@code /}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** The index page's file; it is served at {@code /runbooks}, not as a page of its own. */
    public static final String INDEX = "README";

    private RunbookLinks() {
    }

    /** Whether {@code name} may be a page's name. */
    public static boolean validName(String name) {
        return name != null && name.length() <= 100 && NAME.matcher(name).matches();
    }

    /** {@code /runbooks/<name>}, or {@code /runbooks} for the index. */
    public static String pageUrl(String name) {
        return INDEX.equals(name) ? "/runbooks" : "/runbooks/" + name;
    }
}
