package io.agentmemory.engine.config;

import io.agentmemory.engine.bedrock.BedrockSettings;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the engine, grouped by what it configures. Defaults are named constants next to their setting;
 * {@link #fromEnvironment(Map)} is the one place that reads environment variables (Lambda's way of configuring).
 * Secrets never appear in {@link #toString()}.
 *
 * @param clientName shown in pg_stat_activity and Redis CLIENT LIST, so operators see which function holds what
 */
public record EngineConfig(DatabaseSettings database, CacheSettings cache, SearchSettings search, ModelSettings models,
                           WriteSettings writes, String clientName) {

    public static final String DEFAULT_CLIENT_NAME = "memory-service";

    /** The names {@link #fromEnvironment(Map)} reads; hosts that keep settings elsewhere copy exactly these. */
    public static final List<String> SETTING_NAMES = List.of(
            "DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DB_POOL_INITIAL_SIZE", "DB_POOL_MAX_SIZE",
            "DB_ACQUIRE_TIMEOUT_MS", "DB_CONNECT_TIMEOUT_MS", "DB_MAX_IDLE_MS", "DB_MAX_LIFETIME_MS",
            "DB_STATEMENT_TIMEOUT_MS", "DB_PREPARED_STATEMENT_CACHE", "DB_CALLER_THREAD_CONNECTION", "REDIS_URL", "CACHE_ENABLED",
            "CACHE_COMMAND_TIMEOUT_MS", "SEARCH_CACHE_TTL_SECONDS", "SEARCH_CACHE_LOCAL_MB",
            "CACHE_BREAKER_OPEN_MS", "DECISION_CANDIDATES", "EMBEDDING_MODEL", "IDEMPOTENCY_TTL_HOURS",
            "CLIENT_NAME", "TEXT_SEARCH_CONFIG", "HYBRID_SEMANTIC_WEIGHT", "HYBRID_CANDIDATES",
            "SEARCH_RANKING", "SEARCH_CANDIDATES", "SEARCH_CANDIDATE_SHARE", "FACT_EXTRACTOR", "BEDROCK_EXTRACTOR_MODEL_ID",
            "EMBEDDING_DIMENSION", "BEDROCK_TIMEOUT_MS", "BEDROCK_MAX_ATTEMPTS", "BEDROCK_ENDPOINT", "AWS_REGION");

    public static Builder builder() {
        return new Builder();
    }

    public static EngineConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static EngineConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, SETTING_NAMES);
        return builder()
                .database(new DatabaseSettings(
                        read.text("DATABASE_URL", DatabaseSettings.DEFAULT_URL),
                        read.text("DATABASE_USER", null),
                        read.text("DATABASE_PASSWORD", null),
                        read.wholeNumber("DB_POOL_INITIAL_SIZE", DatabaseSettings.DEFAULT_POOL_INITIAL_SIZE),
                        read.wholeNumber("DB_POOL_MAX_SIZE", DatabaseSettings.DEFAULT_POOL_MAX_SIZE),
                        read.millis("DB_ACQUIRE_TIMEOUT_MS", DatabaseSettings.DEFAULT_ACQUIRE_TIMEOUT),
                        read.millis("DB_CONNECT_TIMEOUT_MS", DatabaseSettings.DEFAULT_CONNECT_TIMEOUT),
                        read.millis("DB_MAX_IDLE_MS", DatabaseSettings.DEFAULT_MAX_IDLE_TIME),
                        read.millis("DB_MAX_LIFETIME_MS", DatabaseSettings.DEFAULT_MAX_LIFETIME),
                        read.millis("DB_STATEMENT_TIMEOUT_MS", DatabaseSettings.DEFAULT_STATEMENT_TIMEOUT),
                        read.wholeNumber("DB_PREPARED_STATEMENT_CACHE", DatabaseSettings.DEFAULT_PREPARED_STATEMENT_CACHE),
                        read.flag("DB_CALLER_THREAD_CONNECTION", DatabaseSettings.DEFAULT_CALLER_THREAD_CONNECTION)))
                .cache(new CacheSettings(
                        read.text("REDIS_URL", CacheSettings.DEFAULT_URL),
                        !"false".equalsIgnoreCase(read.text("CACHE_ENABLED", Boolean.toString(CacheSettings.DEFAULT_ENABLED))),
                        read.millis("CACHE_COMMAND_TIMEOUT_MS", CacheSettings.DEFAULT_COMMAND_TIMEOUT),
                        read.seconds("SEARCH_CACHE_TTL_SECONDS", CacheSettings.DEFAULT_SEARCH_RESULT_TTL),
                        read.millis("CACHE_BREAKER_OPEN_MS", CacheSettings.DEFAULT_BREAKER_OPEN_DURATION),
                        read.wholeNumber("SEARCH_CACHE_LOCAL_MB", CacheSettings.DEFAULT_LOCAL_RESULTS_MEGABYTES)))
                .search(new SearchSettings(
                        read.text("TEXT_SEARCH_CONFIG", SearchSettings.DEFAULT_TEXT_SEARCH_CONFIG),
                        read.number("HYBRID_SEMANTIC_WEIGHT", SearchSettings.DEFAULT_SEMANTIC_WEIGHT),
                        read.wholeNumber("HYBRID_CANDIDATES", SearchSettings.DEFAULT_FUSION_DEPTH),
                        SearchSettings.ranking(read.text("SEARCH_RANKING", SearchSettings.DEFAULT_RANKING.name())),
                        read.wholeNumber("SEARCH_CANDIDATES", SearchSettings.DEFAULT_CANDIDATES),
                        read.number("SEARCH_CANDIDATE_SHARE", SearchSettings.DEFAULT_CANDIDATE_SHARE)))
                .models(models(read))
                .writes(new WriteSettings(
                        read.wholeNumber("DECISION_CANDIDATES", WriteSettings.DEFAULT_DECISION_CANDIDATES),
                        read.hours("IDEMPOTENCY_TTL_HOURS", WriteSettings.DEFAULT_IDEMPOTENCY_KEY_TTL)))
                .clientName(read.text("CLIENT_NAME", DEFAULT_CLIENT_NAME))
                .build();
    }

    private static ModelSettings models(EnvironmentReader read) {
        String embeddingModel = read.text("EMBEDDING_MODEL", ModelSettings.DEFAULT_EMBEDDING_MODEL);
        String endpoint = read.text("BEDROCK_ENDPOINT", null);
        BedrockSettings bedrock = new BedrockSettings(
                read.text("AWS_REGION", BedrockSettings.DEFAULT_REGION),
                endpoint == null ? null : URI.create(endpoint),
                read.text("BEDROCK_EXTRACTOR_MODEL_ID", BedrockSettings.DEFAULT_EXTRACTOR_MODEL),
                BedrockSettings.embeddingModelIdOf(embeddingModel),
                read.wholeNumber("EMBEDDING_DIMENSION", BedrockSettings.DEFAULT_EMBEDDING_DIMENSION),
                read.millis("BEDROCK_TIMEOUT_MS", BedrockSettings.DEFAULT_CALL_TIMEOUT),
                read.wholeNumber("BEDROCK_MAX_ATTEMPTS", BedrockSettings.DEFAULT_MAX_ATTEMPTS));
        String extractor = read.text("FACT_EXTRACTOR", ModelSettings.LOCAL_EXTRACTOR).toLowerCase(java.util.Locale.ROOT);
        return new ModelSettings(embeddingModel, extractor, bedrock);
    }

    /** Builds a configuration from the defaults, replacing the groups of settings given. */
    public static final class Builder {

        private DatabaseSettings database = DatabaseSettings.defaults();
        private CacheSettings cache = CacheSettings.defaults();
        private SearchSettings search = SearchSettings.defaults();
        private ModelSettings models = ModelSettings.defaults();
        private WriteSettings writes = WriteSettings.defaults();
        private String clientName = DEFAULT_CLIENT_NAME;

        private Builder() {
        }

        public Builder database(DatabaseSettings database) {
            this.database = database;
            return this;
        }

        public Builder cache(CacheSettings cache) {
            this.cache = cache;
            return this;
        }

        public Builder search(SearchSettings search) {
            this.search = search;
            return this;
        }

        public Builder models(ModelSettings models) {
            this.models = models;
            return this;
        }

        public Builder writes(WriteSettings writes) {
            this.writes = writes;
            return this;
        }

        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(database, cache, search, models, writes, clientName);
        }
    }
}
