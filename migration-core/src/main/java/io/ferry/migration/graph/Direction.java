package io.ferry.migration.graph;

/** Which way a step moves a database. */
public enum Direction {
    UPGRADE,
    DOWNGRADE
}
