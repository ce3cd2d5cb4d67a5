package io.ferry.migration.source.flyway;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum, byte for byte: a CRC-32 over the UTF-8 bytes of each line, lines split as
 * {@link java.io.BufferedReader#readLine()} splits them ({@code \n}, {@code \r}, {@code \r\n}) with their
 * terminators dropped and nothing put between them, a byte order mark removed from the first line,
 * and the result kept as a signed 32-bit integer, as {@code flyway_schema_history.checksum} holds it.
 *
 * <p>Joining the lines without separators is the same as leaving every CR and LF out, and in UTF-8 those
 * bytes never occur inside another character, so one pass over the encoded text does it.
 */
public final class FlywayChecksum {

    private FlywayChecksum() {
    }

    public static int of(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                crc.update(bytes, start, i - start);
                start = i + 1;
            }
        }
        crc.update(bytes, start, bytes.length - start);
        return (int) crc.getValue();
    }
}
