/**
 * What every module built on the core needs from JDBC, and nothing more: a {@link
 * io.ferry.migration.jdbc.Session} that borrows a connection and gives it back with its session
 * settings as it found them, {@link io.ferry.migration.jdbc.Transactions} that commit or roll back
 * whole, {@link io.ferry.migration.jdbc.SqlErrors}, which tells PostgreSQL's error classes apart
 * and turns a failed call into a {@link io.ferry.migration.api.FerryException}, and
 * {@link io.ferry.migration.jdbc.FreshConnection}, which records a failure even when it was the
 * connection that died.
 */
package io.ferry.migration.jdbc;
