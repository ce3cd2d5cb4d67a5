-- Sample data for the proposals example, in every state the backfills in ferry.yaml deal with.
-- Run it with: ferry sql -f generate.sql   (it empties the tables first, so it can run again)

TRUNCATE document_chunks, document_chunks_archive, documents, ingestion_runs, proposal_templates, sources
    RESTART IDENTITY;

-- Three of the default sources exist already, one with an outdated URL; the seed adds the rest.
INSERT INTO sources (name, url) VALUES
    ('arxiv', 'http://export.arxiv.org/api'),
    ('nih-reporter', 'https://api.reporter.nih.gov'),
    ('local-uploads', NULL);

-- 100,000 templates. A quarter have no hash, a quarter a stale one; variants come in every shape
-- older writers produced: NULL, JSON null, a bare object, repeats, mixed-case keys, and clean arrays.
INSERT INTO proposal_templates (title, body, variants, content_hash)
SELECT 'Template ' || i,
       CASE WHEN i % 10 = 0 THEN '' ELSE 'Scope, budget and milestones of proposal ' || i || '.' END,
       CASE i % 8
           WHEN 0 THEN NULL
           WHEN 1 THEN 'null'::jsonb
           WHEN 2 THEN jsonb_build_object('Lang', 'en', 'Tone', 'formal')
           WHEN 3 THEN jsonb_build_array(jsonb_build_object('lang', 'de'), jsonb_build_object('lang', 'de'))
           ELSE jsonb_build_array(jsonb_build_object('lang', 'en', 'tone', 'plain'))
       END,
       CASE i % 4 WHEN 1 THEN NULL WHEN 2 THEN 'stale' ELSE NULL END
FROM generate_series(1, 100000) AS i;

-- Hash half of the rows that are not meant to be missing or stale, so the backfill has real work only
-- where it should.
UPDATE proposal_templates
SET content_hash = encode(sha256(convert_to(coalesce(title, '') || E'\x1f' || coalesce(body, ''), 'UTF8')), 'hex')
WHERE id % 4 IN (0, 3);

-- 20,000 documents, three chunks each, written over the last 90 days.
INSERT INTO documents (template_id, source_id, title, body, created_at)
SELECT 1 + i % 100000, 1 + i % 3, 'Document ' || i, 'Text of document ' || i, now() - (i % 90) * interval '1 day'
FROM generate_series(1, 20000) AS i;

INSERT INTO document_chunks (document_id, ordinal, content, created_at)
SELECT d.id, o, 'Chunk ' || o || ' of document ' || d.id, d.created_at
FROM documents AS d, generate_series(1, 3) AS o;

-- Every tenth document was deleted since; its chunks are orphans, and those older than 30 days go.
DELETE FROM documents WHERE id % 10 = 0;

-- Fresh rows, fresh backfills: forget runs of the previous data, so none resumes from an old checkpoint.
DO $$
BEGIN
    IF to_regclass('ferry_backfill_runs') IS NOT NULL THEN
        DELETE FROM ferry_backfill_runs;
    END IF;
END
$$;

ANALYZE;
