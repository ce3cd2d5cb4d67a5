-- ferry:revision 5cd038a8f131
-- ferry:revises base
-- ferry:message proposals baseline: templates, sources and documents

-- ferry:up
CREATE TABLE sources (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    url        text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE proposal_templates (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        text NOT NULL,
    body         text NOT NULL DEFAULT '',
    variants     jsonb,
    content_hash text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    template_id bigint REFERENCES proposal_templates (id),
    source_id   bigint REFERENCES sources (id),
    title       text NOT NULL,
    body        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX documents_template_id_idx ON documents (template_id);
CREATE INDEX documents_source_id_idx ON documents (source_id);

-- Keep updated_at honest without trusting every writer to set it.
CREATE FUNCTION touch_updated_at() RETURNS trigger AS $body$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$body$ LANGUAGE plpgsql;

CREATE TRIGGER proposal_templates_touch
    BEFORE UPDATE ON proposal_templates
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- ferry:down
DROP TABLE documents;
DROP TABLE proposal_templates;
DROP FUNCTION touch_updated_at();
DROP TABLE sources;
