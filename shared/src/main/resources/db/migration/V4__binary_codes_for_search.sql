-- Search ranks in two stages: the Hamming distance between binary codes (one bit per dimension, the sign of
-- each coordinate) picks a user's likeliest memories from a covering index, then the exact cosine distance of
-- those candidates' full vectors ranks them. The first stage reads the index only: a user's 1,000 codes fill
-- about 15 index pages where their full rows fill 250 heap pages, so a search no longer reads every page holding
-- the user's memories. The code is a generated column: it can never disagree with the vector.
--
-- Adding a stored generated column rewrites the table under an exclusive lock: on a large deployed table, run this
-- release's migration in a maintenance window.
ALTER TABLE memories ADD COLUMN embedding_code bit(${embeddingDimension})
    GENERATED ALWAYS AS (binary_quantize(embedding)::bit(${embeddingDimension})) STORED;

-- Everything the first stage and the row-level security policies read (user, expiry, code, id), so that
-- stage is an index-only scan wherever the visibility map allows (autovacuum keeps it so).
CREATE INDEX memories_user_codes ON memories (user_id) INCLUDE (expires_at, embedding_code, id);
