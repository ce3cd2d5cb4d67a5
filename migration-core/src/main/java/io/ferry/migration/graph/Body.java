package io.ferry.migration.graph;

/** What a revision does in one direction: SQL from a file, or a Java migration. */
public sealed interface Body permits SqlBody, JavaBody {
}
