package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment on Bedrock embeddings of 256 dimensions: the migrations make the vector column that wide, and an
 * add and a search go through the real SDK to a local Bedrock-compatible server (vectors simulated, seeded by the
 * text, so an exact repeat of a fact ranks first) and the real PostgreSQL with pgvector.
 */
class BedrockEmbeddingsInTheStoreTest {

    private static final int DIMENSION = 256;
    private static LocalBedrock bedrock;
    private static BedrockRuntimeClient client;
    private static DatabaseUrl database;
    private static MemoryEngine engine;

    @BeforeAll
    static void deploymentOnBedrockEmbeddings() {
        bedrock = new LocalBedrock();
        BedrockSettings settings = new BedrockSettings("us-east-1", bedrock.endpoint(), "unused", "amazon.titan-embed-text-v2:0",
                DIMENSION, Duration.ofSeconds(10), 3);
        client = BedrockClients.create(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")));
        BedrockEmbeddingModel model = new BedrockEmbeddingModel(client, "amazon.titan-embed-text-v2:0", DIMENSION, new BedrockUsage());

        DatabaseUrl shared = TestServices.get().databaseUrl();
        database = shared.withDatabase("memory_bedrock_" + UUID.randomUUID().toString().substring(0, 8));
        execute(shared, "CREATE DATABASE " + database.database());
        SchemaMigrator.migrate(database, model.dimension());
        Map<String, String> env = new HashMap<>(TestServices.get().environment());
        env.put("DATABASE_URL", database.toUrl());
        env.put("CACHE_ENABLED", "false");
        engine = MemoryEngine.create(EngineConfig.fromEnvironment(env), model, new RuleBasedFactExtractor());
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (client != null) {
            client.close();
        }
        if (bedrock != null) {
            bedrock.close();
        }
        execute(TestServices.get().databaseUrl(), "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    }

    @Test
    void theVectorColumnFollowsTheModelsDimension() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement s = c.createStatement();
             ResultSet type = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     + "WHERE attrelid = 'memories'::regclass AND attname = 'embedding'")) {
            assertThat(type.next()).isTrue();
            assertThat(type.getString(1)).isEqualTo("vector(" + DIMENSION + ")");
        }
    }

    @Test
    void anAddAndASearchEmbedThroughBedrock() {
        String user = EngineFixture.newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "I prefer window seats and my sister lives in Berlin."))))
                .block(WAIT);

        assertThat(engine.search(SearchRequest.of(user, "Sister lives in Berlin")).block(WAIT).results())
                .extracting(SearchHit::memory).first().isEqualTo("Sister lives in Berlin");
        assertThat(bedrock.received("invoke")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(call -> assertThat(call.body().get("dimensions").asInt()).isEqualTo(DIMENSION));
    }

    private static void execute(DatabaseUrl url, String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
