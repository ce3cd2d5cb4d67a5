package io.ferry.cli.support;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which log records reach stderr. application.properties turns every logger off, so that a failure is told
 * by Ferry's error lines alone; {@code --verbose} lets Ferry's own records (INFO and up) through.
 */
public final class Logs {

    /** Kept once set, so that its level is never lost with a collected logger. */
    private Logger ferry;

    /** Lets Ferry's log records of INFO and up reach stderr; the libraries' stay silent. */
    public void showFerrys() {
        ferry = Logger.getLogger("io.ferry");
        ferry.setLevel(Level.INFO);
    }
}
