package io.agentmemory.engine.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the engine, read from environment variables (Lambda's way of configuring) with defaults
 * sized for one Lambda execution environment: it runs one invocation at a time, so the pool is sized for the
 * parallelism inside one invocation, not for the old service's 10-20 connections per process.
 */
public record EngineConfig(
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int poolInitialSize,
        int poolMaxSize,
        Duration poolAcquireTimeout,
        Duration connectTimeout,
        Duration poolMaxIdleTime,
        Duration poolMaxLifetime,
        Duration statementTimeout,
        int preparedStatementCacheQueries,
        String redisUrl,
        boolean cacheEnabled,
        Duration cacheCommandTimeout,
        Duration searchResultTtl,
        Duration breakerOpenDuration,
        double updateSimilarityThreshold,
        String embeddingModel,
        Duration idempotencyKeyTtl,
        String clientName,
        String textSearchConfig,
        int fusionK,
        int fusionDepth,
        String searchRanking,
        int searchCandidates,
        double searchCandidateShare) {

    /** The names {@link #fromEnvironment(Map)} reads; hosts that keep settings elsewhere copy exactly these. */
    public static final java.util.List<String> SETTING_NAMES = java.util.List.of(
            "DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DB_POOL_INITIAL_SIZE", "DB_POOL_MAX_SIZE",
            "DB_ACQUIRE_TIMEOUT_MS", "DB_CONNECT_TIMEOUT_MS", "DB_MAX_IDLE_MS", "DB_MAX_LIFETIME_MS",
            "DB_STATEMENT_TIMEOUT_MS", "DB_PREPARED_STATEMENT_CACHE", "REDIS_URL", "CACHE_ENABLED",
            "CACHE_COMMAND_TIMEOUT_MS", "SEARCH_CACHE_TTL_SECONDS",
            "CACHE_BREAKER_OPEN_MS", "UPDATE_SIMILARITY_THRESHOLD", "EMBEDDING_MODEL", "IDEMPOTENCY_TTL_HOURS",
            "CLIENT_NAME", "TEXT_SEARCH_CONFIG", "HYBRID_RRF_K", "HYBRID_CANDIDATES",
            "SEARCH_RANKING", "SEARCH_CANDIDATES", "SEARCH_CANDIDATE_SHARE");

    public static EngineConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static EngineConfig fromEnvironment(Map<String, String> env) {
        Function<String, String> get = key -> {
            String value = env.get(key);
            return value == null || value.isBlank() ? null : value.trim();
        };
        return new EngineConfig(
                orDefault(get.apply("DATABASE_URL"), "postgresql://postgres@127.0.0.1:5432/postgres"),
                get.apply("DATABASE_USER"),
                get.apply("DATABASE_PASSWORD"),
                intOf(get, "DB_POOL_INITIAL_SIZE", 0),
                intOf(get, "DB_POOL_MAX_SIZE", 2),
                millisOf(get, "DB_ACQUIRE_TIMEOUT_MS", 2_000),
                millisOf(get, "DB_CONNECT_TIMEOUT_MS", 2_000),
                millisOf(get, "DB_MAX_IDLE_MS", 60_000),
                millisOf(get, "DB_MAX_LIFETIME_MS", 600_000),
                millisOf(get, "DB_STATEMENT_TIMEOUT_MS", 5_000),
                intOf(get, "DB_PREPARED_STATEMENT_CACHE", 0),
                orDefault(get.apply("REDIS_URL"), "redis://127.0.0.1:6379"),
                !"false".equalsIgnoreCase(orDefault(get.apply("CACHE_ENABLED"), "true")),
                millisOf(get, "CACHE_COMMAND_TIMEOUT_MS", 250),
                Duration.ofSeconds(intOf(get, "SEARCH_CACHE_TTL_SECONDS", 300)),
                millisOf(get, "CACHE_BREAKER_OPEN_MS", 5_000),
                doubleOf(get, "UPDATE_SIMILARITY_THRESHOLD", 0.8),
                orDefault(get.apply("EMBEDDING_MODEL"), "all-minilm-l6-v2-q"),
                Duration.ofHours(intOf(get, "IDEMPOTENCY_TTL_HOURS", 24)),
                // Shown in pg_stat_activity and Redis CLIENT LIST, so operators see which function holds what.
                orDefault(get.apply("CLIENT_NAME"), "memory-service"),
                textSearchConfig(orDefault(get.apply("TEXT_SEARCH_CONFIG"), "simple")),
                intOf(get, "HYBRID_RRF_K", 60),
                intOf(get, "HYBRID_CANDIDATES", 50),
                searchRanking(orDefault(get.apply("SEARCH_RANKING"), "exact")),
                // With codes, measured on the benchmark's questions: 100 candidates kept recall@10 at 1.000 for
                // users of 1,000 memories, 2 % of a user's memories 0.995 at 5,000 and 0.98-0.99 at 20,000.
                intOf(get, "SEARCH_CANDIDATES", 100),
                doubleOf(get, "SEARCH_CANDIDATE_SHARE", 0.02));
    }

    /** A configuration name goes into a migration as an identifier: only plain names are accepted. */
    private static String textSearchConfig(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("TEXT_SEARCH_CONFIG must be a PostgreSQL text search configuration name such as simple or english, got '" + name + "'");
        }
        return name;
    }

    private static String searchRanking(String value) {
        String ranking = value.toLowerCase(java.util.Locale.ROOT);
        if (!ranking.equals("exact") && !ranking.equals("codes")) {
            throw new IllegalArgumentException("SEARCH_RANKING must be exact or codes, got '" + value + "'");
        }
        return ranking;
    }

    /** Whether semantic search takes its candidates from the binary codes ({@code SEARCH_RANKING=codes}). */
    public boolean searchesThroughCodes() {
        return "codes".equals(searchRanking);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static int intOf(Function<String, String> get, String key, int fallback) {
        String value = get.apply(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
        }
    }

    private static double doubleOf(Function<String, String> get, String key, double fallback) {
        String value = get.apply(key);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }

    private static Duration millisOf(Function<String, String> get, String key, int fallbackMillis) {
        return Duration.ofMillis(intOf(get, key, fallbackMillis));
    }
}
