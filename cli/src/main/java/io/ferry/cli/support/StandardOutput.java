package io.ferry.cli.support;

import java.io.PrintWriter;

/**
 * The command line's writer for the process's standard output, as picocli would make it (the default
 * charset, flushing on each line), set explicitly so that {@link Output#document} can tell that its text
 * may go to {@code System.out} as bytes.
 */
public final class StandardOutput extends PrintWriter {

    public StandardOutput() {
        super(System.out, true);
    }
}
