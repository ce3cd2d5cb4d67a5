package io.ferry.migration.source.flyway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum, byte for byte: a CRC-32 over the UTF-8 bytes of each line, lines split as
 * {@link BufferedReader#readLine()} splits them ({@code \n}, {@code \r}, {@code \r\n}) with their
 * terminators dropped and nothing put between them, a byte order mark removed from the first line,
 * and the result kept as a signed 32-bit integer, as {@code flyway_schema_history.checksum} holds it.
 */
public final class FlywayChecksum {

    private FlywayChecksum() {
    }

    public static int of(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String line = reader.readLine();
            boolean first = true;
            while (line != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        return (int) crc.getValue();
    }
}
