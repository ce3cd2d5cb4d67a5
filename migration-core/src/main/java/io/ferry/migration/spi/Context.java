package io.ferry.migration.spi;

import java.sql.Connection;

/** What a Java migration works with: the connection its migration runs on (in its transaction, if any). */
public interface Context {

    /** The connection to use; do not commit, roll back or close it. */
    Connection getConnection();
}
