-- ferry:revision d41c7a9e2b60
-- ferry:revises b3d94e7f6a15
-- ferry:message split documents into chunks for search, with an archive for cleaned-up chunks

-- ferry:up
-- No foreign key to documents: the ingester bulk-loads chunks before their document commits, and a
-- document may be deleted later. The 'cleanup' backfill (ferry.yaml) removes the chunks left behind.
CREATE TABLE document_chunks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL,
    ordinal     integer NOT NULL,
    content     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX document_chunks_document_id_idx ON document_chunks (document_id, ordinal);

-- Where the cleanup moves orphaned chunks, so that a mistaken cleanup can be undone.
CREATE TABLE document_chunks_archive (LIKE document_chunks);

-- ferry:down
DROP TABLE document_chunks_archive;
DROP TABLE document_chunks;
