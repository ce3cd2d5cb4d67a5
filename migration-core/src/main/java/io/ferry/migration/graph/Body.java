package io.ferry.migration.graph;

/**
 * What a revision does in one direction. SQL from a file today; Java migrations join this closed set
 * when their source arrives.
 */
public sealed interface Body permits SqlBody {
}
