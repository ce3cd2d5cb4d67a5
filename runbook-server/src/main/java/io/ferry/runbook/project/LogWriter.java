package io.ferry.runbook.project;

import java.io.PrintWriter;
import java.io.Writer;
import org.jboss.logging.Logger;

/**
 * A writer whose lines become log records: the workspace writes its notes (which database it uses, the
 * embedded server started or stopped) as {@code ferry: ...} lines for a terminal; the server logs them,
 * without that prefix, beside its own lines.
 */
final class LogWriter extends Writer {

    private static final Logger LOG = Logger.getLogger(io.ferry.workspace.Workspace.class);
    private static final String PREFIX = "ferry: ";

    private final StringBuilder line = new StringBuilder();

    /** A print writer over a new log writer, flushing at each line. */
    static PrintWriter printWriter() {
        return new PrintWriter(new LogWriter(), true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        if (text.isBlank()) {
            return;
        }
        LOG.info(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
    }

    @Override
    public synchronized void flush() {
        // Lines are logged as they end; a partial line waits for its end.
    }

    @Override
    public synchronized void close() {
        if (!line.isEmpty()) {
            emit();
        }
    }
}
