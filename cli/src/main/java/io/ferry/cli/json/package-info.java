/**
 * The documents the commands print with {@code --json}, as records: a record's components, in their
 * order, are the document's keys, and {@link io.ferry.cli.support.Json} writes them with Jackson. Each
 * record says how it is built from the core's values, so that the compiler checks every document against
 * the types it describes.
 *
 * <p>Nothing here knows Picocli, Quarkus or the rest of the command line (an ArchUnit test keeps it so):
 * these are the shapes scripts depend on, and the runbook server can serve the same ones. A key that a
 * document leaves out in some cases, rather than writing it as {@code null}, is marked
 * {@code @JsonInclude(NON_NULL)}; every other key is always written.
 */
package io.ferry.cli.json;
