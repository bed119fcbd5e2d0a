-- An extracted fact keeps the words of the message it was read from, for keyword search only: a rewrite keeps the
-- fact ("Has a ginger cat on thyroid tablets" may come out as "Cannot leave the cat with a feeder"), while a question
-- is asked in the words the user used. Never shown as the memory; null for memories stored as sent (their text is
-- the message) and for memories whose text was replaced by an update that named no message. The generated column
-- is rebuilt from both, so an update that changes either keeps the index true to the row.
ALTER TABLE memories ADD COLUMN source_text text;
ALTER TABLE memories DROP COLUMN content_tsv;
ALTER TABLE memories ADD COLUMN content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('${textSearchConfig}'::regconfig, memory)
    || to_tsvector('${textSearchConfig}'::regconfig, translate(memory, '-/', '  '))
    || to_tsvector('${textSearchConfig}'::regconfig, coalesce(source_text, ''))
    || to_tsvector('${textSearchConfig}'::regconfig, translate(coalesce(source_text, ''), '-/', '  '))) STORED;
CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);
