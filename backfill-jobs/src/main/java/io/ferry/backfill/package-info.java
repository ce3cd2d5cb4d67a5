/**
 * Backfills: a batch runner that walks a table by its key in short transactions, with crash-safe
 * checkpoints and a dry run that reports exactly what a real run would change. Plain Java on top of
 * {@code migration-core}; no framework.
 */
package io.ferry.backfill;
