-- ferry:revision 8e1f2c0a9b47
-- ferry:revises 5cd038a8f131
-- ferry:message record each ingestion run per source

-- ferry:up
CREATE TABLE ingestion_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id     bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    state         text NOT NULL DEFAULT 'running'
                  CHECK (state IN ('running', 'succeeded', 'failed')),
    documents_in  integer NOT NULL DEFAULT 0,
    error         text
);

CREATE INDEX ingestion_runs_source_started_idx ON ingestion_runs (source_id, started_at DESC);

-- ferry:down
DROP TABLE ingestion_runs;
