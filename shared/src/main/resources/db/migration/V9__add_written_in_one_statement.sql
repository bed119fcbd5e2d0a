-- An add's decisions are written by one statement that is its own transaction: no BEGIN, writer's lock and COMMIT
-- around them, two round trips fewer. The add reads what it decides on (its proposals) in one statement too, with
-- the user's revision, and the write goes through only if the revision is still that number once the write holds
-- the user's writer lock: every change to a user's memories raises the revision (V5), so an unchanged revision
-- means the decisions were taken on what the user's memories still are. Otherwise it writes nothing, and the add
-- decides again as the user's one writer, in a transaction that holds the lock from before its read.

-- Whether the user's memories are still at p_revision and nothing is kept under p_idempotency_key, asked while
-- holding the user's writer lock (the one a writer's transaction takes) and the lock on their revision's row, both
-- until the transaction ends: the revision's row also waits out writers that take no writer's lock (the sweep).
-- Runs as the tables' owner, because the service role may read revisions but not lock their rows.
CREATE FUNCTION memory_claim_unchanged(p_user_id text, p_revision bigint, p_idempotency_key text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    current_revision bigint;
BEGIN
    IF NOT p_user_id = ANY (coalesce(memory_tenant_users(), '{}')) THEN
        RAISE EXCEPTION 'user % is not in this transaction''s users', p_user_id USING ERRCODE = '42501';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(p_user_id, 7));
    -- A statement of its own, so its snapshot is taken once the lock is held: it sees every write committed before.
    SELECT revision INTO current_revision FROM user_revisions WHERE user_id = p_user_id FOR UPDATE;
    RETURN coalesce(current_revision, 0) = p_revision
        AND (p_idempotency_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM idempotency_keys WHERE user_id = p_user_id AND idempotency_key = p_idempotency_key));
END
$$;
REVOKE ALL ON FUNCTION memory_claim_unchanged(text, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memory_claim_unchanged(text, bigint, text) TO ${serviceRole};

-- Everything an add's decisions write: the new memories (p_new_*), the replaced ones (p_next_*, with the text each
-- had), a history row for each, and the answer kept under the request's idempotency key. A writer's transaction,
-- which already holds the lock, passes no revision; a write in a statement of its own passes the revision its
-- decisions were taken at, and writes nothing (claimed false) if the user's memories have changed since.
--
-- Runs as the caller, so row-level security holds: the function names its users first (transaction-local, as the
-- engine always does), then every statement after it reads and writes only their rows. A PL/pgSQL function runs
-- its statements in order, which one statement of data-modifying CTEs would not promise. It has no SET clause:
-- one would undo the transaction-local setting when the function returns.
--
-- A new or replaced memory all carry the request's metadata, categories, session, expiry, model and time. A new
-- memory is inserted as stated. A replaced memory takes the new text and vector, and the new statement's expiry
-- (none makes the memory permanent), its categories (when it names any) and its metadata merged key by key over the
-- old (the new statement's values win), and the new statement's source words (the old message no longer describes
-- what the memory says). An expired memory whose text a write states again is deleted first (and its deletion
-- recorded), so that the fact said again becomes a new memory with an id of its own.
CREATE FUNCTION memory_write_decisions(
    p_tenant_users text, p_user_id text, p_revision bigint,
    p_metadata jsonb, p_categories text[], p_session_id text, p_expires_at timestamptz, p_model text,
    p_observed_at timestamptz,
    p_new_ids uuid[], p_new_memories text[], p_new_keys text[], p_new_vectors vector[], p_new_attributes text[],
    p_new_dates text[], p_new_sources text[],
    p_next_ids uuid[], p_next_memories text[], p_next_keys text[], p_next_vectors vector[], p_next_attributes text[],
    p_next_dates text[], p_next_sources text[], p_previous_memories text[],
    p_idempotency_key text, p_request_digest text, p_response jsonb)
    RETURNS TABLE (claimed boolean, added bigint, updated bigint) LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM set_config('memory.user_ids', p_tenant_users, true);
    IF p_revision IS NOT NULL AND NOT memory_claim_unchanged(p_user_id, p_revision, p_idempotency_key) THEN
        RETURN QUERY SELECT false, 0::bigint, 0::bigint;
        RETURN;
    END IF;
    WITH expired AS (
        DELETE FROM memories
        WHERE user_id = p_user_id AND memory_key = ANY (p_new_keys || p_next_keys) AND expires_at <= now()
        RETURNING id, memory)
    INSERT INTO memory_history (memory_id, user_id, event, old_memory)
    SELECT id, p_user_id, 'DELETE', memory FROM expired;
    RETURN QUERY
    WITH ins AS (
        INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, session_id,
                              expires_at, fact_attribute, embedding_model, observed_at, mentioned_dates, source_text)
        SELECT u.id, p_user_id, u.memory, u.memory_key, u.vec, p_metadata, p_categories, p_session_id, p_expires_at,
               u.attr, p_model, coalesce(p_observed_at, clock_timestamp()), u.dates::jsonb, u.source
        FROM unnest(p_new_ids, p_new_memories, p_new_keys, p_new_vectors, p_new_attributes, p_new_dates, p_new_sources)
             AS u(id, memory, memory_key, vec, attr, dates, source)
        RETURNING memories.id, memories.memory),
    upd AS (
        UPDATE memories m SET memory = u.memory, memory_key = u.memory_key, embedding = u.vec,
               metadata = m.metadata || p_metadata,
               categories = CASE WHEN cardinality(p_categories) > 0 THEN p_categories ELSE m.categories END,
               session_id = coalesce(p_session_id, m.session_id), expires_at = p_expires_at, fact_attribute = u.attr,
               embedding_model = p_model, observed_at = coalesce(p_observed_at, clock_timestamp()),
               mentioned_dates = u.dates::jsonb, source_text = u.source, updated_at = clock_timestamp()
        FROM unnest(p_next_ids, p_next_memories, p_next_keys, p_next_vectors, p_next_attributes, p_next_dates,
                    p_next_sources, p_previous_memories)
             AS u(id, memory, memory_key, vec, attr, dates, source, previous)
        WHERE m.user_id = p_user_id AND m.id = u.id
        RETURNING m.id, u.memory, u.previous),
    logged AS (
        INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
        SELECT ins.id, p_user_id, 'ADD', NULL, ins.memory FROM ins
        UNION ALL
        SELECT upd.id, p_user_id, 'UPDATE', upd.previous, upd.memory FROM upd),
    kept AS (
        INSERT INTO idempotency_keys (user_id, idempotency_key, request_digest, response)
        SELECT p_user_id, p_idempotency_key, p_request_digest, p_response WHERE p_idempotency_key IS NOT NULL)
    SELECT true, (SELECT count(*) FROM ins), (SELECT count(*) FROM upd);
END
$$;
REVOKE ALL ON FUNCTION memory_write_decisions FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memory_write_decisions TO ${serviceRole};
