-- The memory store. One table of memories (all users; every lookup is per user), their history,
-- idempotency records for retried adds, and the users whose cache could not be invalidated in time.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE memories (
    id          uuid PRIMARY KEY,
    user_id     text        NOT NULL,
    memory      text        NOT NULL,
    -- digest of the normalised text: same fact twice is a NOOP, and the unique index below keeps
    -- concurrent adds from ever storing a duplicate.
    memory_key  text        NOT NULL,
    embedding   vector(${embeddingDimension}) NOT NULL,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    categories  text[]      NOT NULL DEFAULT '{}',
    session_id  text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at  timestamptz,
    -- keyword search (and the keyword half of hybrid search); the configuration is the TEXT_SEARCH_CONFIG setting
    -- The text is indexed twice, the second time with '-' and '/' as spaces: the parser reads "GE-99812" as "ge" and
    -- the number -99812, so without it a search for the code's digits would never find it.
    content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('${textSearchConfig}'::regconfig, memory)
        || to_tsvector('${textSearchConfig}'::regconfig, translate(memory, '-/', '  '))) STORED
);

CREATE UNIQUE INDEX memories_user_key ON memories (user_id, memory_key);
-- Per-user scans (search is exact over one user's rows, listing pages by creation time).
CREATE INDEX memories_user_created ON memories (user_id, created_at DESC, id DESC);
CREATE INDEX memories_expires ON memories (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);

CREATE TABLE memory_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    memory_id   uuid        NOT NULL,
    user_id     text        NOT NULL,
    event       text        NOT NULL CHECK (event IN ('ADD', 'UPDATE', 'DELETE')),
    old_memory  text,
    new_memory  text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX memory_history_user_memory ON memory_history (user_id, memory_id, id);

CREATE TABLE idempotency_keys (
    user_id         text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_digest  text        NOT NULL,
    response        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- A write whose cache invalidation failed (cache down) leaves its user here; the engine applies these
-- before it trusts the cache again, so nothing cached before the write is served after the cache returns.
CREATE TABLE cache_invalidation_backlog (
    user_id    text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
