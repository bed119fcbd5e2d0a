package io.agentmemory.functions.config;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.RereadingCredentials;
import io.agentmemory.engine.store.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
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
        return EngineConfig.fromEnvironment(settings);
    }

    /** With DATABASE_SECRET_ARN, the login comes from the secret and is read again after a rotation; else the settings' login. */
    @Bean(destroyMethod = "close")
    MemoryEngine memoryEngine(EngineConfig config, Environment environment) {
        String secretArn = environment.getProperty("DATABASE_SECRET_ARN");
        RereadingCredentials secret = secretArn == null || secretArn.isBlank() ? null
                : DatabaseSecret.rereadOnRefusal(secretArn, environment.getProperty("SECRETS_MANAGER_ENDPOINT"),
                Duration.ofSeconds(environment.getProperty("DATABASE_SECRET_MIN_REREAD_SECONDS", Long.class,
                        DatabaseSecret.MINIMUM_REREAD_INTERVAL.toSeconds())));
        MemoryEngine engine = MemoryEngine.create(config, secret);
        if (environment.getProperty("MIGRATE_ON_INIT", Boolean.class, false)) {
            // Migrations run as the tables' owner (the URL's user, or MIGRATION_DATABASE_USER), never as the service role.
            DatabaseUrl url = DatabaseUrl.parse(config.database().url(), environment.getProperty("MIGRATION_DATABASE_USER"),
                    environment.getProperty("MIGRATION_DATABASE_PASSWORD"));
            String serviceRole = secret != null ? secret.current().user()
                    : config.database().user() == null ? SchemaMigrator.DEFAULT_SERVICE_ROLE : config.database().user();
            var result = SchemaMigrator.migrate(url, engine.embeddingModel().dimension(), config.search().textSearchConfig(), serviceRole);
            LOG.info("schema migrated: {} migration(s) applied", result.migrationsExecuted);
        }
        return engine;
    }
}
