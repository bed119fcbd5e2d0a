package io.agentmemory.engine.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.Map;

/**
 * Applies the versioned migrations under {@code db/migration}. Runs as a deploy step (or at local start-up),
 * never inside a request. The vector column's dimension comes from the configured embedding model.
 * It must run before the r2dbc pool opens connections: the driver registers its vector codec per connection
 * at connect time, and only if the extension already exists.
 */
public final class SchemaMigrator {

    private SchemaMigrator() {
    }

    /** The role the service connects as when none is configured. */
    public static final String DEFAULT_SERVICE_ROLE = "memory_app";

    public static MigrateResult migrate(DatabaseUrl url, int embeddingDimension) {
        return migrate(url, embeddingDimension, io.agentmemory.engine.config.SearchSettings.DEFAULT_TEXT_SEARCH_CONFIG, DEFAULT_SERVICE_ROLE);
    }

    /**
     * Applies the migrations as {@code url}'s user, who owns the tables, and grants the service role what the
     * engine needs and nothing more.
     *
     * @param textSearchConfig the PostgreSQL text search configuration keyword search indexes with
     * @param serviceRole      the role the engine connects as (created when missing, never a superuser)
     */
    public static MigrateResult migrate(DatabaseUrl url, int embeddingDimension, String textSearchConfig, String serviceRole) {
        if (!serviceRole.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("the service role must be a plain lower-case PostgreSQL name, got '" + serviceRole + "'");
        }
        if (serviceRole.equals(url.user())) {
            throw new IllegalArgumentException("migrations must run as the tables' owner, not as the service role " + serviceRole);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("embeddingDimension", Integer.toString(embeddingDimension),
                        "textSearchConfig", textSearchConfig, "serviceRole", serviceRole))
                .validateMigrationNaming(true)
                .load();
        return flyway.migrate();
    }
}
