package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment configured for Bedrock (FACT_EXTRACTOR=bedrock, Titan embeddings of 256 dimensions): the
 * migrations make the vector column that wide, and an add and a search go through the real SDK to a local
 * Bedrock-compatible server (the model's answers are recordings; vectors are simulated, seeded by the text, so an
 * exact repeat of a fact ranks first) and the real PostgreSQL with pgvector.
 */
class BedrockEmbeddingsInTheStoreTest {

    private static final int DIMENSION = 256;
    private static LocalBedrock bedrock;
    private static DatabaseUrl database;
    private static MemoryEngine engine;

    @BeforeAll
    static void deploymentOnBedrock() {
        bedrock = new LocalBedrock();
        // The SDK's default credential chain reads these first; the local server checks the signature's shape.
        System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
        System.setProperty("aws.secretAccessKey", "local-secret");
        DatabaseUrl shared = TestServices.get().databaseUrl();
        database = shared.withDatabase("memory_bedrock_" + UUID.randomUUID().toString().substring(0, 8));
        execute(shared, "CREATE DATABASE " + database.database());
        Map<String, String> env = new HashMap<>(TestServices.get().environment());
        env.put("DATABASE_URL", database.toUrl());
        env.put("CACHE_ENABLED", "false");
        env.put("FACT_EXTRACTOR", "bedrock");
        env.put("EMBEDDING_MODEL", "bedrock:amazon.titan-embed-text-v2:0");
        env.put("EMBEDDING_DIMENSION", Integer.toString(DIMENSION));
        env.put("BEDROCK_ENDPOINT", bedrock.endpoint().toString());
        engine = MemoryEngine.create(EngineConfig.fromEnvironment(env));
        SchemaMigrator.migrate(database, engine.embeddingModel().dimension());
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (bedrock != null) {
            bedrock.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
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
    void anAddExtractsAndEmbedsThroughBedrockWithTheUsersMemoriesAsContext() {
        String user = EngineFixture.newUser();
        bedrock.converse(LocalBedrock.Reply.recorded("converse-facts.json"));
        engine.add(AddRequest.of(user, List.of(new Message("user", "Hello again!"))).withInfer(false)).block(WAIT);
        engine.add(AddRequest.of(user, List.of(new Message("user", "I recently moved to Lyon and my sister lives in Berlin."))))
                .block(WAIT);

        assertThat(engine.search(SearchRequest.of(user, "Sister lives in Berlin")).block(WAIT).results())
                .extracting(SearchHit::memory).first().isEqualTo("Sister lives in Berlin");
        // The memory stored earlier is shown to the model; the dated fact keeps its date.
        assertThat(bedrock.received("converse")).last().satisfies(call ->
                assertThat(call.body().at("/messages/0/content/0/text").asText()).contains("- Hello again!"));
        assertThat(engine.search(SearchRequest.of(user, "Oslo")).block(WAIT).results())
                .extracting(SearchHit::memory).contains("Is flying to Oslo next month (2025-06)");
        assertThat(bedrock.received("invoke")).isNotEmpty()
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
