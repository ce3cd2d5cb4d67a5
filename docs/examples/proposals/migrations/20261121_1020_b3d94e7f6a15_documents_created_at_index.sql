-- ferry:revision b3d94e7f6a15
-- ferry:revises 8e1f2c0a9b47
-- ferry:message index documents by creation time, without blocking writes
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
-- ferry:transactional false

-- ferry:up
CREATE INDEX CONCURRENTLY IF NOT EXISTS documents_created_at_idx ON documents (created_at);

-- ferry:down
DROP INDEX CONCURRENTLY IF EXISTS documents_created_at_idx;
