package io.agentmemory.engine.testing;

import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL (with pgvector) and the real Redis that the project's scripts start, shared by every
 * test in one JVM. Tests get their own database, created and migrated once and dropped at exit, and their own
 * Redis logical database, emptied at exit, so a run leaves nothing behind.
 */
public final class TestServices {

    public static final int EMBEDDING_DIMENSION = 384;
    private static final int TEST_REDIS_DB = 15;
    private static TestServices instance;

    private final DatabaseUrl adminUrl;
    private final DatabaseUrl databaseUrl;
    private final String redisUrl;

    private TestServices() {
        adminUrl = DatabaseUrl.parse(env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), null, null);
        String name = "memory_test_" + UUID.randomUUID().toString().substring(0, 8);
        execute(adminUrl, "CREATE DATABASE " + name);
        databaseUrl = adminUrl.withDatabase(name);
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "test-services-cleanup"));
        SchemaMigrator.migrate(databaseUrl, EMBEDDING_DIMENSION);
        RedisURI redis = RedisURI.create(env("REDIS_URL", "redis://127.0.0.1:6379"));
        redis.setDatabase(TEST_REDIS_DB);
        redisUrl = redis.toURI().toString();
    }

    public static synchronized TestServices get() {
        if (instance == null) {
            instance = new TestServices();
        }
        return instance;
    }

    /** Engine settings pointing at the test database and cache, from a clean environment. */
    public EngineConfig config() {
        return EngineConfig.fromEnvironment(environment());
    }

    /** The same settings with some environment variables set otherwise, as a function's configuration would. */
    public EngineConfig config(Map<String, String> overrides) {
        Map<String, String> env = environment();
        env.putAll(overrides);
        return EngineConfig.fromEnvironment(env);
    }

    /** The same settings as environment variables, as a Lambda function would receive them. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl.toUrl());
        // The engine connects as the service role, as deployed: row-level security applies to every test.
        env.put("DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE);
        env.put("REDIS_URL", redisUrl);
        return env;
    }

    public DatabaseUrl databaseUrl() {
        return databaseUrl;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(databaseUrl.jdbcUrl(), databaseUrl.user(), databaseUrl.password());
    }

    public StatefulRedisConnection<String, String> redis(RedisClient client) {
        return client.connect();
    }

    private void cleanUp() {
        try {
            execute(adminUrl, "DROP DATABASE IF EXISTS " + databaseUrl.database() + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("could not drop test database " + databaseUrl.database() + ": " + e.getMessage());
        }
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushdb();
        } catch (RuntimeException e) {
            System.err.println("could not empty the test cache: " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    private static void execute(DatabaseUrl url, String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
