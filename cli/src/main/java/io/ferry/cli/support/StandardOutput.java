package io.ferry.cli.support;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The command line's writer for the process's standard output, as picocli would make it (the default
 * charset, flushing on each line), set explicitly so that {@link Output#document} can tell that its text
 * may go to {@code System.out} as bytes.
 */
public final class StandardOutput extends PrintWriter {

    private final PrintStream stream;

    public StandardOutput() {
        this(System.out);
    }

    private StandardOutput(PrintStream stream) {
        super(stream, true);
        this.stream = stream;
    }

    /** Writes text as bytes of the writer's charset, straight to the stream, after what the writer holds. */
    void writeBytes(String text) {
        flush();
        byte[] bytes = text.getBytes(Charset.defaultCharset());
        stream.write(bytes, 0, bytes.length);
        stream.flush();
    }
}
