-- Tenant isolation enforced by PostgreSQL itself. The service connects as ${serviceRole}: it owns no table and
-- cannot bypass row-level security, so a query that forgets its user filter still sees only the rows of the
-- users its transaction names. Migrations run as the tables' owner, a different role.

DO $$
BEGIN
    CREATE ROLE ${serviceRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION
    -- Roles belong to the whole server: another database's migration may have created it first.
    WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- An existing role may have been created with more rights than the service needs.
ALTER ROLE ${serviceRole} NOSUPERUSER NOBYPASSRLS;

-- Every change an admin path makes to other users' data leaves a line here (counts only, no user data).
CREATE TABLE admin_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation   text        NOT NULL,
    user_count  integer     NOT NULL,
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);

GRANT USAGE ON SCHEMA public TO ${serviceRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON memories, memory_history, idempotency_keys, cache_invalidation_backlog
    TO ${serviceRole};
GRANT INSERT ON admin_audit TO ${serviceRole};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${serviceRole};

-- The users a transaction may see, set per transaction by the engine with set_config(..., true) (SET LOCAL):
-- never a session setting, which would outlive the request on a pooled connection.
CREATE FUNCTION memory_tenant_users() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT string_to_array(nullif(current_setting('memory.user_ids', true), ''), ',') $$;

-- The admin operation a transaction runs (sweep, cache-recovery, batch-search), or null.
CREATE FUNCTION memory_admin_operation() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('memory.admin_operation', true), '') $$;

ALTER TABLE memories ENABLE ROW LEVEL SECURITY;
ALTER TABLE memory_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE cache_invalidation_backlog ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_rows ON memories TO ${serviceRole}
    USING (user_id = ANY (memory_tenant_users())) WITH CHECK (user_id = ANY (memory_tenant_users()));
CREATE POLICY tenant_rows ON memory_history TO ${serviceRole}
    USING (user_id = ANY (memory_tenant_users())) WITH CHECK (user_id = ANY (memory_tenant_users()));
CREATE POLICY tenant_rows ON idempotency_keys TO ${serviceRole}
    USING (user_id = ANY (memory_tenant_users())) WITH CHECK (user_id = ANY (memory_tenant_users()));
CREATE POLICY tenant_rows ON cache_invalidation_backlog TO ${serviceRole}
    USING (user_id = ANY (memory_tenant_users())) WITH CHECK (user_id = ANY (memory_tenant_users()));

-- The sweep may read and delete expired memories only, record their deletion, and drop old idempotency keys.
CREATE POLICY sweep_reads_expired ON memories FOR SELECT TO ${serviceRole}
    USING (memory_admin_operation() = 'sweep' AND expires_at <= now());
CREATE POLICY sweep_deletes_expired ON memories FOR DELETE TO ${serviceRole}
    USING (memory_admin_operation() = 'sweep' AND expires_at <= now());
CREATE POLICY sweep_records_deletions ON memory_history FOR INSERT TO ${serviceRole}
    WITH CHECK (memory_admin_operation() = 'sweep' AND event = 'DELETE');
CREATE POLICY sweep_reads_keys ON idempotency_keys FOR SELECT TO ${serviceRole}
    USING (memory_admin_operation() = 'sweep');
CREATE POLICY sweep_deletes_keys ON idempotency_keys FOR DELETE TO ${serviceRole}
    USING (memory_admin_operation() = 'sweep');

-- Recovery after a cache outage reads and clears the whole backlog (user ids only).
CREATE POLICY recovery_reads_backlog ON cache_invalidation_backlog FOR SELECT TO ${serviceRole}
    USING (memory_admin_operation() IN ('cache-recovery', 'sweep'));
CREATE POLICY recovery_clears_backlog ON cache_invalidation_backlog FOR DELETE TO ${serviceRole}
    USING (memory_admin_operation() IN ('cache-recovery', 'sweep'));
