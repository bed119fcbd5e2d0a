package io.agentmemory.functions.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.functions.testing.LambdaContext;
import io.agentmemory.functions.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration function as CloudFormation drives it: a custom resource request (the JSON CloudFormation sends)
 * into the real handler, the owner's credentials from Secrets Manager (moto_server), Flyway against a fresh
 * PostgreSQL database, and the answer PUT to the request's pre-signed response URL (a local HTTP server here, an
 * S3 URL in AWS).
 */
class SchemaMigrationHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MotoServer moto;

    private HttpServer responseUrl;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private DatabaseUrl admin;
    private DatabaseUrl freshDatabase;

    @BeforeAll
    static void startEmulator() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopEmulator() {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        responseUrl = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responseUrl.createContext("/", exchange -> {
            answers.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responseUrl.start();
        admin = TestServices.get().databaseUrl();
        freshDatabase = admin.withDatabase("memory_migration_" + UUID.randomUUID().toString().substring(0, 8));
        execute(admin, "CREATE DATABASE " + freshDatabase.database());
    }

    @AfterEach
    void stop() throws Exception {
        responseUrl.stop(0);
        execute(admin, "DROP DATABASE IF EXISTS " + freshDatabase.database() + " WITH (FORCE)");
    }

    @Test
    void createAppliesEveryMigrationAsTheOwnerAndAnswersSuccess() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret(admin.user()));

        JsonNode answer = invoke(handler, "Create");

        assertThat(answer.path("Status").asText()).as(answer.toString()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("schema-migrations");
        assertThat(answer.path("LogicalResourceId").asText()).isEqualTo("SchemaMigration");
        assertThat(answer.path("Data").path("MigrationsApplied").asInt()).isPositive();
        assertThat(query("SELECT count(*) FROM flyway_schema_history WHERE success")).isPositive();
        assertThat(query("SELECT count(*) FROM pg_roles WHERE rolname = 'memory_app'")).as("the service role").isEqualTo(1);

        JsonNode again = invoke(handler, "Update");
        assertThat(again.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(again.path("Data").path("MigrationsApplied").asInt()).as("nothing left to apply").isZero();
        assertThat(again.path("Data").path("SchemaVersion").asText()).isEqualTo(answer.path("Data").path("SchemaVersion").asText());
    }

    @Test
    void aMigrationThatCannotRunAnswersFailedWithTheReasonSoTheDeployRollsBack() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret("no_such_owner_" + UUID.randomUUID().toString().substring(0, 6)));

        java.io.PrintStream original = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(logs, true, StandardCharsets.UTF_8));
        JsonNode answer;
        try {
            answer = invoke(handler, "Create");
        } finally {
            System.setOut(original);
        }

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).isNotBlank().contains("log stream");
        assertThat(query("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'")).isZero();
        // The error is one JSON log event with its stack trace inside, not a line per frame.
        java.util.List<String> failureLines = logs.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("schema migration failed")).toList();
        assertThat(failureLines).hasSize(1);
        JsonNode event = JSON.readTree(failureLines.get(0));
        assertThat(event.path("level").asText()).isEqualTo("ERROR");
        assertThat(event.path("throwable").path("stepArray").size()).isGreaterThan(3);
        assertThat(logs.toString(StandardCharsets.UTF_8).lines().filter(line -> line.trim().startsWith("at ")))
                .as("no stack frame on a line of its own").isEmpty();
    }

    @Test
    void deletingTheStackLeavesTheSchemaAlone() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret(admin.user()));
        invoke(handler, "Create");

        JsonNode answer = invoke(handler, "Delete");

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(query("SELECT count(*) FROM pg_tables WHERE tablename = 'memories'")).isEqualTo(1);
    }

    @Test
    void theVectorColumnFollowsTheConfiguredEmbeddingModel() {
        assertThat(SchemaMigrationHandler.embeddingDimension(Map.of())).as("the in-process model").isEqualTo(384);
        assertThat(SchemaMigrationHandler.embeddingDimension(Map.of("EMBEDDING_MODEL", "bedrock:amazon.titan-embed-text-v2:0",
                "EMBEDDING_DIMENSION", "256"))).isEqualTo(256);
    }

    /**
     * After a model change, as an operator runs it in a deployment: memories written with all-MiniLM-L6-v2 by an
     * engine on the migrated database, then direct invocations of the handler (the JSON {@code aws lambda invoke}
     * sends) re-embed them with the configured model (the default, e5) batch by batch, resuming where one stopped.
     */
    @Test
    void aDirectInvocationReembedsTheOldModelsMemoriesInResumableBatches() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret(admin.user()));
        invoke(handler, "Create");
        String user = "reembed-" + UUID.randomUUID();
        List<String> facts = List.of("Prefers window seats on long flights", "Is allergic to peanuts",
                "Budget is about 2,000 EUR for the trip to Lisbon", "Flies from Manchester", "Travels with a folding bike");
        try (MemoryEngine old = EngineFixture.engine(engineConfig(Map.of("EMBEDDING_MODEL", "all-minilm-l6-v2-q")))) {
            EngineFixture.store(old, user, facts.toArray(String[]::new));
        }

        JsonNode first = invokeDirectly(handler, "{\"action\":\"reembed\",\"batchSize\":2,\"maxBatches\":1}", 900_000);
        assertThat(first.path("model").asText()).isEqualTo("e5-small-v2-q");
        assertThat(first.path("reembedded").asLong()).isEqualTo(2);
        assertThat(first.path("remaining").asLong()).isEqualTo(3);
        assertThat(first.path("done").asBoolean()).isFalse();

        JsonNode nearTheTimeout = invokeDirectly(handler, "{\"action\":\"reembed\"}", 5_000);
        assertThat(nearTheTimeout.path("reembedded").asLong()).as("no batch starts inside the reserve").isZero();
        assertThat(nearTheTimeout.path("remaining").asLong()).isEqualTo(3);

        try (MemoryEngine current = EngineFixture.engine(engineConfig(Map.of()))) {
            // Halfway: semantic ranking compares e5's vectors only, so it ranks the two re-embedded memories alone.
            List<String> halfway = semantic(current, user, "where does the traveller like to sit?");
            assertThat(halfway).isNotEmpty().isSubsetOf(modelsRows("e5-small-v2-q"));
            assertThat(modelsRows("e5-small-v2-q")).hasSize(2);

            JsonNode rest = invokeDirectly(handler, "{\"action\":\"reembed\",\"batchSize\":2,\"maxSeconds\":600}", 900_000);
            assertThat(rest.path("reembedded").asLong()).isEqualTo(3);
            assertThat(rest.path("remaining").asLong()).isZero();
            assertThat(rest.path("done").asBoolean()).isTrue();
            assertThat(modelsRows("e5-small-v2-q")).containsExactlyInAnyOrderElementsOf(facts);
            assertThat(modelsRows("all-minilm-l6-v2-q")).isEmpty();

            current.invalidate(user).block(EngineFixture.WAIT);
            assertThat(semantic(current, user, "where does the traveller like to sit?")).first()
                    .isEqualTo("Prefers window seats on long flights");
            assertThat(semantic(current, user, "what can't they eat?")).first().isEqualTo("Is allergic to peanuts");
        }
        JsonNode again = invokeDirectly(handler, "{\"action\":\"reembed\"}", 900_000);
        assertThat(again.path("reembedded").asLong()).isZero();
        assertThat(again.path("done").asBoolean()).isTrue();
    }

    /**
     * After an upgrade from before the attribute readings (or a release that raised the table's version), as an
     * operator runs it: memories no current reading vouches for get the key this build's table reads in them,
     * batch by batch, resuming where an invocation stopped.
     */
    @Test
    void aDirectInvocationReadsAttributesAgainInResumableBatches() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret(admin.user()));
        invoke(handler, "Create");
        String user = "reread-" + UUID.randomUUID();
        List<String> facts = List.of("Prefers window seats on long flights", "Is allergic to peanuts",
                "Budget is about 2,000 EUR for the trip to Lisbon", "Flies from Manchester", "Travels with a folding bike");
        try (MemoryEngine engine = EngineFixture.engine(engineConfig(Map.of()))) {
            EngineFixture.store(engine, user, facts.toArray(String[]::new));
        }
        // As an engine from before the readings left them: no key, no reading.
        execute(freshDatabase,
                "UPDATE memories SET fact_attribute = NULL, fact_reading = 0");

        JsonNode first = invokeDirectly(handler, "{\"action\":\"reread-attributes\",\"batchSize\":2,\"maxBatches\":1}", 900_000);
        assertThat(first.path("reading").asInt()).isEqualTo(FactAttributes.READING);
        assertThat(first.path("reread").asLong()).isEqualTo(2);
        assertThat(first.path("remaining").asLong()).isEqualTo(3);
        assertThat(first.path("done").asBoolean()).isFalse();

        JsonNode nearTheTimeout = invokeDirectly(handler, "{\"action\":\"reread-attributes\"}", 5_000);
        assertThat(nearTheTimeout.path("reread").asLong()).as("no batch starts inside the reserve").isZero();

        JsonNode rest = invokeDirectly(handler, "{\"action\":\"reread-attributes\",\"maxSeconds\":600}", 900_000);
        assertThat(rest.path("reread").asLong()).isEqualTo(3);
        assertThat(rest.path("remaining").asLong()).isZero();
        assertThat(rest.path("done").asBoolean()).isTrue();
        assertThat(query("SELECT count(*) FROM memories WHERE fact_reading = " + FactAttributes.READING)).isEqualTo(5);
        try (Connection c = DriverManager.getConnection(freshDatabase.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT memory, fact_attribute FROM memories")) {
            while (r.next()) {
                assertThat(r.getString(2)).as(r.getString(1)).isEqualTo(FactReadings.storedKeyOf(r.getString(1)));
            }
        }
        assertThat(query("SELECT count(*) FROM memories WHERE fact_attribute IS NOT NULL")).as("the table reads some of them").isPositive();
    }

    @Test
    void aDirectInvocationWithBadArgumentsIsRefusedNamingEveryField() throws Exception {
        SchemaMigrationHandler handler = handler(ownerSecret(admin.user()));
        JsonNode refused = invokeDirectly(handler, "{\"action\":\"reembed\",\"batchSize\":0,\"maxSeconds\":\"soon\",\"colour\":1}", 900_000);
        assertThat(refused.path("status").asInt()).isEqualTo(400);
        assertThat(refused.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("batchSize", "maxSeconds", "colour");
        assertThat(refused.path("errors").toString()).contains("must be a whole number from 1 to 2000")
                .contains("must be a whole number from 1 to 900").contains("is not a known field");
        JsonNode unknown = invokeDirectly(handler, "{\"action\":\"vacuum\"}", 900_000);
        assertThat(unknown.path("errors").get(0).path("field").asText()).isEqualTo("action");
        assertThat(unknown.path("errors").get(0).path("message").asText()).contains("reembed");
        assertThat(answers).as("a direct invocation answers its caller, not CloudFormation").isEmpty();
    }

    /**
     * An engine on the migrated database, as the service role. Its first connections to a database nobody has
     * connected to yet can outlast the default acquire budget on a busy test machine; the test is about answers.
     */
    private EngineConfig engineConfig(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(overrides);
        environment.put("DATABASE_URL", freshDatabase.toUrl());
        environment.put("DB_ACQUIRE_TIMEOUT_MS", "30000");
        environment.put("DB_CONNECT_TIMEOUT_MS", "30000");
        return TestServices.get().config(environment);
    }

    private static List<String> semantic(MemoryEngine engine, String user, String query) {
        return engine.search(SearchRequest.of(user, query).withMode(SearchMode.SEMANTIC).withLimit(10))
                .block(EngineFixture.WAIT).results().stream().map(SearchHit::memory).toList();
    }

    private List<String> modelsRows(String model) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(freshDatabase.jdbcUrl(), admin.user(), admin.password());
             java.sql.PreparedStatement s = c.prepareStatement("SELECT memory FROM memories WHERE embedding_model = ?")) {
            s.setString(1, model);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
        }
        return rows;
    }

    /** A direct invocation, as {@code aws lambda invoke --payload} sends it: the payload is the event. */
    private static JsonNode invokeDirectly(SchemaMigrationHandler handler, String payload, long timeoutMillis) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output,
                new LambdaContext("MigrateSchemaFunction", timeoutMillis));
        return JSON.readTree(output.toByteArray());
    }

    private SchemaMigrationHandler handler(String secretArn) {
        Map<String, String> environment = new HashMap<>();
        // As the template sets it: the database without credentials, the owner's secret, the service role.
        environment.put("DATABASE_URL", "postgresql://" + freshDatabase.host() + ":" + freshDatabase.port() + "/" + freshDatabase.database());
        environment.put("MIGRATION_SECRET_ARN", secretArn);
        environment.put("SECRETS_MANAGER_ENDPOINT", moto.endpoint());
        environment.put("DATABASE_USER", "memory_app");
        return new SchemaMigrationHandler(environment, () -> SchemaMigrationHandler.embeddingDimension(environment));
    }

    /** A custom resource request in the shape CloudFormation sends it. */
    private JsonNode invoke(SchemaMigrationHandler handler, String requestType) throws Exception {
        String event = """
                {"RequestType":"%s","ServiceToken":"arn:aws:lambda:eu-west-1:123456789012:function:memory-MigrateSchemaFunction-AbC:live",
                 "ResponseURL":"http://127.0.0.1:%d/cloudformation-custom-resource-response",
                 "StackId":"arn:aws:cloudformation:eu-west-1:123456789012:stack/memory/6a1f4e20-0000-11ef-9f1c-0a1b2c3d4e5f",
                 "RequestId":"%s","LogicalResourceId":"SchemaMigration","ResourceType":"Custom::SchemaMigration",
                 %s"ResourceProperties":{"ServiceToken":"arn:aws:lambda:eu-west-1:123456789012:function:memory-MigrateSchemaFunction-AbC:live","CodeVersion":"7"}}
                """.formatted(requestType, responseUrl.getAddress().getPort(), UUID.randomUUID(),
                requestType.equals("Create") ? "" : "\"PhysicalResourceId\":\"schema-migrations\",");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new LambdaContext("MigrateSchemaFunction", 900_000));
        JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("the answer PUT to the response URL").isNotNull();
        assertThat(JSON.readTree(output.toByteArray())).isEqualTo(answer);
        return answer;
    }

    private static String ownerSecret(String username) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .endpointOverride(URI.create(moto.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return client.createSecret(r -> r.name("memory/owner-" + UUID.randomUUID())
                    .secretString("{\"username\":\"" + username + "\",\"password\":\"unused-with-trust-auth\"}")).arn();
        }
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(freshDatabase.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(DatabaseUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
