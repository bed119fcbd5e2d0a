-- Read-your-writes by construction. Every user has a revision number that every change to their memories raises,
-- in the same transaction as the change: statement triggers on the memories table do it, so no code path (add,
-- update, delete, erasure, the expiry sweep, a migration, an operator's SQL) can change a user's memories and leave
-- the revision behind. A cached search result or context carries the revision it was computed from, read in the
-- same statement as the rows; it is served only while the user's revision is still that number. The cache can
-- stall, be cut off from one environment only, lose writes or come back with an old snapshot: none of that can make
-- an old result look current, because the truth about "current" lives with the data.
--
-- Revisions come from one sequence, so a number is never issued twice, even to a user who was erased (their row
-- goes with their data) and writes again: an entry cached before the erasure can never match again. A user without
-- a row has revision 0, the state of having no memories at all.
CREATE SEQUENCE memory_revisions;

CREATE TABLE user_revisions (
    user_id  text PRIMARY KEY,
    revision bigint NOT NULL
);

ALTER TABLE user_revisions ENABLE ROW LEVEL SECURITY;
GRANT SELECT, DELETE ON user_revisions TO ${serviceRole};
CREATE POLICY tenant_reads ON user_revisions FOR SELECT TO ${serviceRole}
    USING (user_id = ANY ((SELECT memory_tenant_users())::text[]));
CREATE POLICY tenant_erases ON user_revisions FOR DELETE TO ${serviceRole}
    USING (user_id = ANY ((SELECT memory_tenant_users())::text[]));

-- Runs as the tables' owner: the service role can read its users' revisions but never set one. Users are locked
-- in id order, so two statements that change several users at once (two sweeps) cannot deadlock on them.
CREATE FUNCTION memory_raise_revisions() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
BEGIN
    INSERT INTO user_revisions (user_id, revision)
    SELECT d.user_id, nextval('memory_revisions') FROM (SELECT DISTINCT user_id FROM changed_rows ORDER BY user_id) d
    ON CONFLICT (user_id) DO UPDATE SET revision = EXCLUDED.revision;
    RETURN NULL;
END
$$;

CREATE TRIGGER memories_inserted_raise_revision AFTER INSERT ON memories
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION memory_raise_revisions();
CREATE TRIGGER memories_updated_raise_revision AFTER UPDATE ON memories
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION memory_raise_revisions();
CREATE TRIGGER memories_deleted_raise_revision AFTER DELETE ON memories
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION memory_raise_revisions();

-- An explicit invalidation (the API's cache/invalidate route) raises the revision of a user the transaction may see.
CREATE FUNCTION memory_raise_revision(p_user_id text) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS
$$
DECLARE
    raised bigint;
BEGIN
    IF NOT p_user_id = ANY (coalesce(memory_tenant_users(), '{}')) THEN
        RAISE EXCEPTION 'user % is not in this transaction''s users', p_user_id USING ERRCODE = '42501';
    END IF;
    INSERT INTO user_revisions (user_id, revision) VALUES (p_user_id, nextval('memory_revisions'))
    ON CONFLICT (user_id) DO UPDATE SET revision = EXCLUDED.revision
    RETURNING revision INTO raised;
    RETURN raised;
END
$$;
REVOKE ALL ON FUNCTION memory_raise_revision(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memory_raise_revision(text) TO ${serviceRole};

-- Users whose cache could not be invalidated were recorded here; revisions make that record unnecessary.
DROP TABLE cache_invalidation_backlog;

-- The attribute a memory states, as the attribute table reads it (e.g. "user|home", "sister|job"), for facts whose
-- attribute holds one value at a time: a new value of it finds the memory it replaces by this key, however far apart
-- the two texts are in meaning ("Lives in Lyon", "Moved to Berlin"). Adding a nullable column rewrites nothing.
ALTER TABLE memories ADD COLUMN fact_attribute text;
CREATE INDEX memories_user_attribute ON memories (user_id, fact_attribute) WHERE fact_attribute IS NOT NULL;
