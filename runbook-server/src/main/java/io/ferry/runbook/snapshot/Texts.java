package io.ferry.runbook.snapshot;

/** Text as the server shows it. */
public final class Texts {

    private Texts() {
    }

    /** The text on one line: each line break and the blanks around it become one space. */
    public static String oneLine(String text) {
        return text == null ? null : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
