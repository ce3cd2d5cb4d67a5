package io.ferry.migration.schema;

/**
 * Where a change goes in the diff's order, first to last going forward. The order is built so that running
 * it backwards (each change's reverse SQL, last change first) is just as safe:
 *
 * <ol>
 *   <li>what hangs on tables is taken off (the mirror image of the attaching steps below), then tables
 *       are dropped, partitions before their parents;</li>
 *   <li>schemas, extensions, types, sequences and routines are created or changed in place;</li>
 *   <li>tables are created (parents first) and altered;</li>
 *   <li>constraints, indexes, foreign keys, views (each after those it reads), triggers and policies are
 *       put (back) on;</li>
 *   <li>routines, sequences, types, extensions and schemas no longer wanted are dropped, the mirror image
 *       of their creation.</li>
 * </ol>
 *
 * Going backwards, step 5 creates in dependency order, step 4 detaches, step 2 drops, and step 1 attaches.
 */
enum Step {
    RELEASE_OWNERSHIP, DROP_POLICY, DROP_TRIGGER, DROP_VIEW_INDEX, DROP_VIEW, DROP_FOREIGN_KEY, DROP_INDEX,
    DROP_CONSTRAINT, DROP_TABLE,
    CREATE_SCHEMA, CREATE_EXTENSION, CREATE_ENUM, CREATE_DOMAIN, CREATE_COMPOSITE, CREATE_SEQUENCE, CREATE_ROUTINE,
    CREATE_TABLE, ALTER_TABLE,
    ADD_CONSTRAINT, CREATE_INDEX, ADD_FOREIGN_KEY, CREATE_VIEW, CREATE_VIEW_INDEX, CREATE_TRIGGER, CREATE_POLICY,
    SET_OWNERSHIP,
    DROP_ROUTINE, DROP_SEQUENCE, DROP_COMPOSITE, DROP_DOMAIN, DROP_ENUM, DROP_EXTENSION, DROP_SCHEMA
}
