-- Keyword search reads natural-language questions: the text is indexed with the stemming and stop words of the
-- TEXT_SEARCH_CONFIG configuration, english by default (V1 indexed with it too, when it defaulted to simple). The
-- column is generated, so it is rebuilt from the text; the index with it.
ALTER TABLE memories DROP COLUMN content_tsv;
ALTER TABLE memories ADD COLUMN content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('${textSearchConfig}'::regconfig, memory)
    || to_tsvector('${textSearchConfig}'::regconfig, translate(memory, '-/', '  '))) STORED;
CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);

-- The model that made each vector. Semantic ranking reads the configured model's vectors only (two models' cosines
-- are not comparable), and re-embedding after a change of model finds the rows still to do by it. Every vector
-- written before this migration came from the one model the service ran then.
ALTER TABLE memories ADD COLUMN embedding_model text NOT NULL DEFAULT 'all-minilm-l6-v2-q';
ALTER TABLE memories ALTER COLUMN embedding_model DROP DEFAULT;
-- The code index serves the first stage of a search through the codes, which now also checks the model.
DROP INDEX memories_user_codes;
CREATE INDEX memories_user_codes ON memories (user_id) INCLUDE (expires_at, embedding_model, embedding_code, id);

-- When the conversation a memory comes from happened (an add's observedAt, the time of the write by default): an
-- imported history keeps its own dates. The dates its relative expressions ("yesterday", "last week") stand for,
-- resolved against that time, are kept beside the text as [{"phrase", "date"} | {"phrase", "from", "to"}].
ALTER TABLE memories ADD COLUMN observed_at timestamptz;
UPDATE memories SET observed_at = created_at;
ALTER TABLE memories ALTER COLUMN observed_at SET NOT NULL;
ALTER TABLE memories ALTER COLUMN observed_at SET DEFAULT clock_timestamp();
ALTER TABLE memories ADD COLUMN mentioned_dates jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE INDEX memories_user_observed ON memories (user_id, observed_at);
