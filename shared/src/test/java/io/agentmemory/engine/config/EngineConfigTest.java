package io.agentmemory.engine.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration: defaults from their named constants, the environment read in one place, secrets never printed. */
class EngineConfigTest {

    @Test
    void anEmptyEnvironmentGivesTheBuildersDefaults() {
        assertThat(EngineConfig.fromEnvironment(Map.of())).isEqualTo(EngineConfig.builder().build());
        EngineConfig config = EngineConfig.builder().build();
        assertThat(config.database().poolMaxSize()).isEqualTo(DatabaseSettings.DEFAULT_POOL_MAX_SIZE);
        assertThat(config.cache().searchResultTtl()).isEqualTo(CacheSettings.DEFAULT_SEARCH_RESULT_TTL);
        assertThat(config.models().embeddingModel()).isEqualTo(ModelSettings.DEFAULT_EMBEDDING_MODEL);
    }

    @Test
    void settingsAreReadFromTheirEnvironmentVariables() {
        EngineConfig config = EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "4", "CACHE_ENABLED", "false",
                "SEARCH_CACHE_TTL_SECONDS", "60", "IDEMPOTENCY_TTL_HOURS", "2", "HYBRID_SEMANTIC_WEIGHT", " 0.6 "));
        assertThat(config.database().poolMaxSize()).isEqualTo(4);
        assertThat(config.cache().enabled()).isFalse();
        assertThat(config.cache().searchResultTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.writes().idempotencyKeyTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.search().semanticWeight()).isEqualTo(0.6);
        assertThat(EngineConfig.fromEnvironment(Map.of("SEARCH_CACHE_LOCAL_MB", "0")).cache().localResultsMegabytes()).isZero();
    }

    @Test
    void theCallerThreadConnectionIsOneOfTheEnvironmentsConnections() {
        DatabaseSettings off = EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "2")).database();
        assertThat(off.callerThreadConnection()).isFalse();
        assertThat(off.pooledConnections()).isEqualTo(2);
        DatabaseSettings on = EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "2", "DB_CALLER_THREAD_CONNECTION", "true"))
                .database();
        assertThat(on.callerThreadConnection()).isTrue();
        assertThat(on.pooledConnections()).as("the pool holds the others").isEqualTo(1);
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "1", "DB_CALLER_THREAD_CONNECTION", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DB_CALLER_THREAD_CONNECTION").hasMessageContaining("DB_POOL_MAX_SIZE of at least 2");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("DB_CALLER_THREAD_CONNECTION", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_CALLER_THREAD_CONNECTION must be true or false");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_POOL_MAX_SIZE must be at least 1");
    }

    @Test
    void theDatabasePasswordNeverAppearsInToString() {
        EngineConfig config = EngineConfig.fromEnvironment(Map.of("DATABASE_PASSWORD", "s3cret-pa55",
                "DATABASE_URL", "postgresql://svc:url-pa55@db.internal:5432/memory",
                "REDIS_URL", "redis://:cache-pa55@cache.internal:6379"));
        assertThat(config.database().password()).isEqualTo("s3cret-pa55");
        assertThat(config.toString())
                .doesNotContain("s3cret-pa55").doesNotContain("url-pa55").doesNotContain("cache-pa55")
                .contains("db.internal:5432/memory").contains("poolMaxSize=2");
    }

    @Test
    void theEmbeddingModelMustBeOneThisBuildRuns() {
        assertThat(EngineConfig.fromEnvironment(Map.of("EMBEDDING_MODEL", "all-minilm-l6-v2-q")).models().embeddingModel())
                .isEqualTo("all-minilm-l6-v2-q");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("EMBEDDING_MODEL", "text-embedding-3-small")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMBEDDING_MODEL").hasMessageContaining("text-embedding-3-small");
    }

    @Test
    void aValueOfTheWrongKindNamesItsSetting() {
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_POOL_MAX_SIZE must be a whole number");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("TEXT_SEARCH_CONFIG", "english; drop")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEXT_SEARCH_CONFIG");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("SEARCH_CACHE_LOCAL_MB", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEARCH_CACHE_LOCAL_MB must be 0-1024");
    }
}
