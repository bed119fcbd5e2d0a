package io.agentmemory.functions.config;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/**
 * One engine per execution environment: its connection pool and cache connection live as long as the
 * environment and serve every warm invocation.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

    /** Settings come from Spring's Environment, so environment variables and system properties both work. */
    @Bean
    EngineConfig engineConfig(Environment environment) {
        Map<String, String> settings = new HashMap<>();
        for (String key : EngineConfig.SETTING_NAMES) {
            String value = environment.getProperty(key);
            if (value != null) {
                settings.put(key, value);
            }
        }
        String functionName = environment.getProperty("AWS_LAMBDA_FUNCTION_NAME");
        if (!settings.containsKey("CLIENT_NAME") && functionName != null) {
            settings.put("CLIENT_NAME", "memory-service/" + functionName);
        }
        String secretArn = environment.getProperty("DATABASE_SECRET_ARN");
        if (secretArn != null && !secretArn.isBlank()) {
            DatabaseSecret.Credentials credentials =
                    DatabaseSecret.fetch(secretArn, environment.getProperty("SECRETS_MANAGER_ENDPOINT"));
            settings.put("DATABASE_USER", credentials.username());
            settings.put("DATABASE_PASSWORD", credentials.password());
        }
        return EngineConfig.fromEnvironment(settings);
    }

    @Bean(destroyMethod = "close")
    MemoryEngine memoryEngine(EngineConfig config, Environment environment) {
        MemoryEngine engine = MemoryEngine.create(config);
        if (environment.getProperty("MIGRATE_ON_INIT", Boolean.class, false)) {
            // Migrations run as the tables' owner (the URL's user, or MIGRATION_DATABASE_USER), never as the service role.
            DatabaseUrl url = DatabaseUrl.parse(config.database().url(), environment.getProperty("MIGRATION_DATABASE_USER"),
                    environment.getProperty("MIGRATION_DATABASE_PASSWORD"));
            String serviceRole = config.database().user() == null ? SchemaMigrator.DEFAULT_SERVICE_ROLE : config.database().user();
            var result = SchemaMigrator.migrate(url, engine.embeddingModel().dimension(), config.search().textSearchConfig(), serviceRole);
            LOG.info("schema migrated: {} migration(s) applied", result.migrationsExecuted);
        }
        return engine;
    }
}
