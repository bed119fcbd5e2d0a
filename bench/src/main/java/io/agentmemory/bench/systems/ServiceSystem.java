package io.agentmemory.bench.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.bench.data.BenchCache;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.functions.MemoryFunctionInvoker;
import io.agentmemory.functions.config.EnvironmentAsSystemProperties;
import io.agentmemory.local.lambda.LocalLambdaContext;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This project as Lambda runs it: each function's handler (template.yaml's {@code MemoryFunctionInvoker}, Spring
 * Cloud Function's {@code FunctionInvoker} behind an event check; its own Spring context, engine, pool
 * and cache connection, like a separate execution environment) fed API Gateway v2 events, with the cache on.
 * A simulated environment of the benchmark holds one invoker per function it calls: add, search, batch search.
 */
public final class ServiceSystem implements MemorySystem {

    public static final String CONNECTION_NAME = "bench-service";
    public static final String MAIN_CLASS = "io.agentmemory.functions.MemoryFunctionsApplication";
    public static final String ADD_FUNCTION = "addMemories";
    public static final String SEARCH_FUNCTION = "searchMemories";
    public static final String BATCH_FUNCTION = "batchSearch";
    private static final List<String> FUNCTIONS = List.of(ADD_FUNCTION, SEARCH_FUNCTION, BATCH_FUNCTION);
    /** What template.yaml sets for one function only, beside the settings every function shares. */
    static final Map<String, Map<String, String>> SETTINGS_OF_ONE_FUNCTION = Map.of(
            SEARCH_FUNCTION, Map.of("DB_CALLER_THREAD_CONNECTION", "true"),
            ADD_FUNCTION, Map.of("DB_CALLER_THREAD_CONNECTION", "true"));

    private static final String ADD_ROUTE = "POST /v1/users/{userId}/memories";
    private static final String SEARCH_ROUTE = "POST /v1/users/{userId}/memories/search";
    private static final String BATCH_ROUTE = "POST /v1/memories/search/batch";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** template.yaml's Globals: the memory size and timeout every function is deployed with. */
    private static final int FUNCTION_MEMORY_MB = 2048;
    private static final int FUNCTION_TIMEOUT_SECONDS = 15;

    private final BenchDatabase database;
    private final SeedDataSet seed;
    private final BenchCache cache;

    public ServiceSystem(BenchDatabase database, BenchCache cache, SeedDataSet seed) {
        this.database = database;
        this.seed = seed;
        this.cache = cache;
        functionSettings(database.url().toUrl(), cache.url()).forEach(System::setProperty);
    }

    /**
     * The settings a deployed function reads from its environment. The benchmark sends no JWT (API Gateway's
     * authorizer is not in the measured path) and migrates the schema itself.
     */
    public static Map<String, String> functionSettings(String databaseUrl, String redisUrl) {
        return Map.of(
                "MAIN_CLASS", MAIN_CLASS,
                "DATABASE_URL", databaseUrl,
                // As deployed: the service role, under row-level security (the URL's user owns the tables).
                "DATABASE_USER", io.agentmemory.engine.store.SchemaMigrator.DEFAULT_SERVICE_ROLE,
                "REDIS_URL", redisUrl,
                "AUTH_MODE", "off",
                "MIGRATE_ON_INIT", "false",
                "LOG_LEVEL", "WARN");
    }

    @Override
    public String name() {
        return "service";
    }

    /** Seeded data, and an empty cache: every run starts cold. */
    @Override
    public void restoreData() throws Exception {
        seed.restoreServiceTable();
        cache.flush();
    }

    @Override
    public List<SystemEnvironment> openEnvironments(int count) {
        List<SystemEnvironment> environments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            environments.add(new FunctionEnvironment(i));
        }
        return environments;
    }

    @Override
    public ExactRanking exactRanking() {
        return ExactRanking.ofServiceTable(database);
    }

    @Override
    public String connectionNamePrefix() {
        return CONNECTION_NAME + "-";
    }

    @Override
    public int environmentsHoldingConnections(int workers) {
        return workers * FUNCTIONS.size();
    }

    @Override
    public void close() {
        // FunctionInvoker keeps its Spring context for the life of the process, as Lambda does; the JVM's
        // shutdown hook closes the contexts (and their engines' connections) when the benchmark exits.
    }

    /** Constructs the handler of one function the way the Lambda runtime does on a cold start. */
    public static FunctionInvoker invoker(String function, String clientName) {
        System.setProperty("MAIN_CLASS", MAIN_CLASS);
        // Read by the engine while the context starts: names this environment's connections in pg_stat_activity.
        System.setProperty("CLIENT_NAME", clientName);
        return EnvironmentAsSystemProperties.during(SETTINGS_OF_ONE_FUNCTION.getOrDefault(function, Map.of()),
                () -> new MemoryFunctionInvoker(function));
    }

    /** Invokes a function with one event and returns the API Gateway response (statusCode, headers, body). */
    public static JsonNode invoke(FunctionInvoker invoker, String function, byte[] event) throws Exception {
        return invocation(invoker, function, event).response();
    }

    /**
     * Invokes a function with one event; the answer carries the request id that the function's log line names, and
     * how long the handler took from the event's bytes in to the response's bytes out (what Lambda bills and waits for).
     */
    public static Invocation invocation(FunctionInvoker invoker, String function, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        LocalLambdaContext context = new LocalLambdaContext(function, FUNCTION_MEMORY_MB, FUNCTION_TIMEOUT_SECONDS);
        ByteArrayInputStream in = new ByteArrayInputStream(event);
        long started = System.nanoTime();
        invoker.handleRequest(in, out, context);
        long handlerNanos = System.nanoTime() - started;
        return new Invocation(JSON.readTree(out.toByteArray()), context.getAwsRequestId(), handlerNanos);
    }

    /** One invocation's API Gateway response, the request id of its log line, and the handler's time. */
    public record Invocation(JsonNode response, String requestId, long handlerNanos) {

        /** The response body, or an exception naming the function when the status is not the expected one. */
        public JsonNode body(String function, int expectedStatus) throws JsonProcessingException {
            int status = response.path("statusCode").asInt(-1);
            String body = response.path("body").asText("");
            if (status != expectedStatus) {
                throw new IllegalStateException(function + " answered " + status + ": " + body);
            }
            return JSON.readTree(body);
        }
    }

    /**
     * One execution environment of the service: a handler per function it calls. The batch function's handler is
     * made only when asked for, since an environment that never batches (the one-at-a-time phase's) needs no context for it.
     */
    public static final class FunctionEnvironment implements SystemEnvironment {

        private final FunctionInvoker add;
        private final FunctionInvoker search;
        private final FunctionInvoker batch;

        FunctionEnvironment(int index) {
            this(CONNECTION_NAME + "-" + index, true);
        }

        /** @param clientName the prefix of its connections' names in pg_stat_activity */
        public FunctionEnvironment(String clientName, boolean withBatch) {
            add = invoker(ADD_FUNCTION, clientName + "-" + ADD_FUNCTION);
            search = invoker(SEARCH_FUNCTION, clientName + "-" + SEARCH_FUNCTION);
            batch = withBatch ? invoker(BATCH_FUNCTION, clientName + "-" + BATCH_FUNCTION) : null;
        }

        /** Remembers one user message through the add function, as a client's POST would. */
        public Invocation addInvocation(String userId, String message) throws Exception {
            return invocation(add, ADD_FUNCTION, RoutePosts.post(ADD_ROUTE, Map.of("userId", userId),
                    Map.of("messages", List.of(Map.of("role", "user", "content", message)))));
        }

        /** One semantic search through the search function. */
        public Invocation searchInvocation(SearchQuery query) throws Exception {
            return invocation(search, SEARCH_FUNCTION, RoutePosts.post(SEARCH_ROUTE, Map.of("userId", query.userId()),
                    Map.of("query", query.query(), "limit", query.limit(), "mode", "semantic")));
        }

        @Override
        public int add(String userId, String message) throws Exception {
            JsonNode body = addInvocation(userId, message).body(ADD_FUNCTION, 201);
            int changed = 0;
            for (JsonNode result : body.path("results")) {
                if (!"NOOP".equals(result.path("event").asText())) {
                    changed++;
                }
            }
            return changed;
        }

        @Override
        public SearchAnswer search(SearchQuery query) throws Exception {
            return answer(searchInvocation(query).body(SEARCH_FUNCTION, 200));
        }

        @Override
        public List<SearchAnswer> searchBatch(List<SearchQuery> queries) throws Exception {
            if (batch == null) {
                throw new IllegalStateException("this environment was opened without the batch function");
            }
            List<Map<String, Object>> searches = queries.stream()
                    .map(q -> Map.<String, Object>of("userId", q.userId(), "query", q.query(), "limit", q.limit(), "mode", "semantic"))
                    .toList();
            JsonNode body = invocation(batch, BATCH_FUNCTION, RoutePosts.post(BATCH_ROUTE, Map.of(), Map.of("searches", searches)))
                    .body(BATCH_FUNCTION, 200);
            List<SearchAnswer> answers = new ArrayList<>(queries.size());
            for (JsonNode item : body.path("results")) {
                if (item.has("error")) {
                    throw new IllegalStateException("batch item failed: " + item.path("error"));
                }
                answers.add(answer(item));
            }
            if (answers.size() != queries.size()) {
                throw new IllegalStateException("batch answered " + answers.size() + " of " + queries.size() + " searches");
            }
            return answers;
        }

        /** The hits' ids and whether the result cache answered, from a search's response body. */
        public static SearchAnswer answer(JsonNode body) {
            List<String> ids = new ArrayList<>();
            for (JsonNode hit : body.path("results")) {
                ids.add(hit.path("id").asText());
            }
            return new SearchAnswer(ids, body.path("cached").asBoolean(false));
        }
    }
}
