package io.agentmemory.functions.migration;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.bedrock.BedrockSettings;
import io.agentmemory.engine.bedrock.ConfiguredModels;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.config.ModelSettings;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.AttributeRereading;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.Reembedding;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.functions.config.DatabaseSecret;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The handler of the migration function: a CloudFormation custom resource ({@code Custom::SchemaMigration}) that
 * applies the Flyway migrations as the tables' owner, with that owner's credentials from their own secret. The
 * template makes every function depend on it, so on every deploy the migrations run before any function (and so
 * any {@code live} alias) changes; a failed migration fails the deploy and CloudFormation rolls back.
 *
 * <p>No Spring and no engine: it needs the database URL, the owner's secret, the service role's name and the
 * embedding dimension, and answers CloudFormation at the pre-signed response URL, which the deploy waits for.
 *
 * <p>Invoked directly with {@code {"action":"reembed",...}} it re-embeds memories after a model change instead
 * ({@link ReembedInvocation}), with {@code {"action":"reread-attributes",...}} it reads memories' attribute keys
 * again after the attribute table changed ({@link RereadInvocation}): the same owner's credentials and one
 * connection of its own ({@link BatchedInvocation}).
 */
public final class SchemaMigrationHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The same resource across updates: a new id would make CloudFormation delete the old one. */
    static final String PHYSICAL_ID = "schema-migrations";
    /** CloudFormation refuses a response over 4 KB; the log stream holds the whole error. */
    private static final int MAX_REASON = 1_000;
    private static final int SEND_ATTEMPTS = 3;

    private final Map<String, String> environment;
    private final IntSupplier embeddingDimension;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private EmbeddingModel embeddingModel;

    public SchemaMigrationHandler() {
        this(System.getenv(), () -> embeddingDimension(System.getenv()));
    }

    /** The dimension of the configured embedding model: Bedrock's as configured, the in-process models' otherwise. */
    static int embeddingDimension(Map<String, String> environment) {
        String model = environment.getOrDefault("EMBEDDING_MODEL", ModelSettings.DEFAULT_EMBEDDING_MODEL);
        if (BedrockSettings.isBedrockEmbedding(model)) {
            String dimension = environment.get("EMBEDDING_DIMENSION");
            return dimension == null || dimension.isBlank() ? BedrockSettings.DEFAULT_EMBEDDING_DIMENSION : Integer.parseInt(dimension.strip());
        }
        return InProcessModel.DIMENSION;
    }

    /** @param embeddingDimension the vector column's dimension, which follows the embedding model */
    SchemaMigrationHandler(Map<String, String> environment, IntSupplier embeddingDimension) {
        this.environment = environment;
        this.embeddingDimension = embeddingDimension;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        if (event.has("action")) {
            output.write(JSON.writeValueAsBytes(invoked(event, context)));
            return;
        }
        String requestType = event.path("RequestType").asText();
        ObjectNode response;
        try {
            response = switch (requestType) {
                // Deleting the stack leaves the schema and its data alone.
                case "Delete" -> answer(event, "SUCCESS", null);
                case "Create", "Update" -> migrated(event, migrate());
                default -> throw new IllegalArgumentException("unknown RequestType '" + requestType + "'");
            };
        } catch (RuntimeException failure) {
            LOG.error("schema migration failed", failure);
            String where = context != null ? " (log stream " + context.getLogStreamName() + ")" : "";
            response = answer(event, "FAILED", truncate(failure.getClass().getSimpleName() + ": " + failure.getMessage()) + where);
        }
        send(event.path("ResponseURL").asText(), response);
        output.write(JSON.writeValueAsBytes(response));
    }

    /**
     * A direct invocation ({@code aws lambda invoke}): re-embedding after a model change, or reading attribute keys
     * again after the attribute table changed.
     */
    private ObjectNode invoked(JsonNode event, Context context) {
        String action = event.path("action").asText();
        int defaultBatch = switch (action) {
            case ReembedInvocation.ACTION -> Reembedding.DEFAULT_BATCH;
            case RereadInvocation.ACTION -> AttributeRereading.DEFAULT_BATCH;
            default -> 0;
        };
        BatchedInvocation.Request request;
        try {
            if (defaultBatch == 0) {
                throw BatchedInvocation.unknownAction();
            }
            request = BatchedInvocation.parse(event, defaultBatch);
        } catch (ValidationException refusal) {
            return BatchedInvocation.refused(JSON, refusal);
        }
        Supplier<Duration> remaining = context == null ? () -> request.maxTime().plus(BatchedInvocation.RESERVE)
                : () -> Duration.ofMillis(context.getRemainingTimeInMillis());
        Predicate<Duration> roomForABatch = BatchedInvocation.roomForABatch(request, remaining);
        return action.equals(ReembedInvocation.ACTION) ? reembedded(request, roomForABatch) : reread(request, roomForABatch);
    }

    private ObjectNode reembedded(BatchedInvocation.Request request, Predicate<Duration> roomForABatch) {
        EmbeddingModel model = embeddingModel();
        LOG.info("re-embedding with {}: batches of {}, for at most {} s", model.name(), request.batchSize(),
                request.maxTime().toSeconds());
        Reembedding.Progress progress = Reembedding.run(ownerUrl(), model, request.batchSize(), request.maxBatches(),
                roomForABatch, LOG::info);
        LOG.info("re-embedded {} memories with {}; {} still made by another model", progress.reembedded(),
                model.name(), progress.remaining());
        return ReembedInvocation.answer(JSON, model.name(), progress);
    }

    private ObjectNode reread(BatchedInvocation.Request request, Predicate<Duration> roomForABatch) {
        LOG.info("reading attributes again with table version {}: batches of {}, for at most {} s", FactAttributes.READING,
                request.batchSize(), request.maxTime().toSeconds());
        AttributeRereading.Progress progress = AttributeRereading.run(ownerUrl(), FactAttributes.READING,
                FactReadings::storedKeyOf, request.batchSize(), request.maxBatches(), roomForABatch, LOG::info);
        LOG.info("read the attributes of {} memories again; {} still read by an older table", progress.reread(),
                progress.remaining());
        return RereadInvocation.answer(JSON, FactAttributes.READING, progress);
    }

    /** The configured model, loaded once per execution environment: a caller invokes again until none is left. */
    private synchronized EmbeddingModel embeddingModel() {
        if (embeddingModel == null) {
            ModelSettings models = EngineConfig.fromEnvironment(environment).models();
            embeddingModel = new ConfiguredModels(models).embeddingModel(() -> OnnxSentenceEmbeddingModel.load(models.inProcessModel()));
        }
        return embeddingModel;
    }

    private DatabaseUrl ownerUrl() {
        DatabaseSecret.Credentials owner = DatabaseSecret.fetch(required("MIGRATION_SECRET_ARN"),
                environment.get("SECRETS_MANAGER_ENDPOINT"));
        return DatabaseUrl.parse(required("DATABASE_URL"), owner.username(), owner.password());
    }

    private MigrateResult migrate() {
        DatabaseUrl url = ownerUrl();
        String serviceRole = environment.getOrDefault("DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE);
        String textSearchConfig = environment.getOrDefault("TEXT_SEARCH_CONFIG", "simple");
        LOG.info("applying migrations to {} as {}", url.redacted(), url.user());
        MigrateResult result = SchemaMigrator.migrate(url, embeddingDimension.getAsInt(), textSearchConfig, serviceRole);
        LOG.info("schema at version {}: {} migration(s) applied", result.targetSchemaVersion, result.migrationsExecuted);
        return result;
    }

    private static ObjectNode migrated(JsonNode event, MigrateResult result) {
        ObjectNode response = answer(event, "SUCCESS", null);
        ObjectNode data = response.putObject("Data");
        data.put("MigrationsApplied", result.migrationsExecuted);
        data.put("SchemaVersion", result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion != null ? result.initialSchemaVersion : "");
        return response;
    }

    private static ObjectNode answer(JsonNode event, String status, String reason) {
        ObjectNode response = JSON.createObjectNode();
        response.put("Status", status);
        if (reason != null) {
            response.put("Reason", reason);
        }
        response.put("PhysicalResourceId", event.hasNonNull("PhysicalResourceId")
                ? event.get("PhysicalResourceId").asText() : PHYSICAL_ID);
        response.put("StackId", event.path("StackId").asText());
        response.put("RequestId", event.path("RequestId").asText());
        response.put("LogicalResourceId", event.path("LogicalResourceId").asText());
        return response;
    }

    /** CloudFormation waits (up to an hour) for this PUT; a lost answer would hang the deploy, so it is retried. */
    private void send(String responseUrl, ObjectNode response) throws IOException {
        // A pre-signed S3 URL: signed without a content type, so none is sent.
        HttpRequest request = HttpRequest.newBuilder(URI.create(responseUrl)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(response))).build();
        IOException last = null;
        for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    return;
                }
                last = new IOException("the response URL answered " + answer.statusCode() + ": " + answer.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while answering CloudFormation", e);
            }
        }
        throw last;
    }

    private String required(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }
}
