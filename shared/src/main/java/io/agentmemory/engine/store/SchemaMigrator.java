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

    public static MigrateResult migrate(DatabaseUrl url, int embeddingDimension) {
        return migrate(url, embeddingDimension, "simple");
    }

    /** @param textSearchConfig the PostgreSQL text search configuration keyword search indexes with */
    public static MigrateResult migrate(DatabaseUrl url, int embeddingDimension, String textSearchConfig) {
        Flyway flyway = Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("embeddingDimension", Integer.toString(embeddingDimension),
                        "textSearchConfig", textSearchConfig))
                .validateMigrationNaming(true)
                .load();
        return flyway.migrate();
    }
}
