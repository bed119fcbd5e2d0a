-- Which attribute table read a memory's fact_attribute: 0 for none the engine vouches for (rows from before this
-- migration, written by an older engine, or by hand), else the table's version (FactAttributes.READING). An add
-- ranks a fact's nearest memories only where they can decide it: for a fact of a single-valued attribute that
-- states no change, only memories of the same attribute can, and those the current table read are found by their
-- fact_attribute; similarity is then needed only among memories read by an older table, which the index finds.
ALTER TABLE memories ADD COLUMN fact_reading smallint NOT NULL DEFAULT 0;
CREATE INDEX memories_user_fact_reading ON memories (user_id, fact_reading);

-- An update that changes a memory's text vouches for the new text's reading by setting fact_reading to the negated
-- version (the engine's writes do); any other change of the text (an engine from before this migration during a
-- deploy, SQL run by hand) leaves no reading the engine vouches for.
CREATE FUNCTION memory_fact_reading_vouched() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.fact_reading < 0 THEN
        NEW.fact_reading := -NEW.fact_reading;
    ELSIF NEW.memory IS DISTINCT FROM OLD.memory THEN
        NEW.fact_reading := 0;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER memories_fact_reading_vouched BEFORE UPDATE ON memories
    FOR EACH ROW EXECUTE FUNCTION memory_fact_reading_vouched();

-- memory_write_decisions (V9) with the reading of the attributes it writes (p_fact_reading); called without it, as
-- an engine from before this migration does, its rows carry no reading (0).
DROP FUNCTION memory_write_decisions(text, text, bigint, jsonb, text[], text, timestamptz, text, timestamptz,
    uuid[], text[], text[], vector[], text[], text[], text[],
    uuid[], text[], text[], vector[], text[], text[], text[], text[],
    text, text, jsonb);
CREATE FUNCTION memory_write_decisions(
    p_tenant_users text, p_user_id text, p_revision bigint,
    p_metadata jsonb, p_categories text[], p_session_id text, p_expires_at timestamptz, p_model text,
    p_observed_at timestamptz,
    p_new_ids uuid[], p_new_memories text[], p_new_keys text[], p_new_vectors vector[], p_new_attributes text[],
    p_new_dates text[], p_new_sources text[],
    p_next_ids uuid[], p_next_memories text[], p_next_keys text[], p_next_vectors vector[], p_next_attributes text[],
    p_next_dates text[], p_next_sources text[], p_previous_memories text[],
    p_idempotency_key text, p_request_digest text, p_response jsonb, p_fact_reading smallint DEFAULT 0)
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
                              expires_at, fact_attribute, fact_reading, embedding_model, observed_at, mentioned_dates,
                              source_text)
        SELECT u.id, p_user_id, u.memory, u.memory_key, u.vec, p_metadata, p_categories, p_session_id, p_expires_at,
               u.attr, p_fact_reading, p_model, coalesce(p_observed_at, clock_timestamp()), u.dates::jsonb, u.source
        FROM unnest(p_new_ids, p_new_memories, p_new_keys, p_new_vectors, p_new_attributes, p_new_dates, p_new_sources)
             AS u(id, memory, memory_key, vec, attr, dates, source)
        RETURNING memories.id, memories.memory),
    upd AS (
        UPDATE memories m SET memory = u.memory, memory_key = u.memory_key, embedding = u.vec,
               metadata = m.metadata || p_metadata,
               categories = CASE WHEN cardinality(p_categories) > 0 THEN p_categories ELSE m.categories END,
               session_id = coalesce(p_session_id, m.session_id), expires_at = p_expires_at, fact_attribute = u.attr,
               fact_reading = -p_fact_reading,
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
