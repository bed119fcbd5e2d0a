package io.agentmemory.local.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamTemplateTest {

    private static final String HANDLER = "io.agentmemory.functions.MemoryFunctionInvoker::handleRequest";

    private static Path projectTemplate() {
        return SamTemplate.find(Path.of("")).orElseThrow(() -> new AssertionError("template.yaml not found above " + Path.of("").toAbsolutePath()));
    }

    @Test
    void readsEveryRouteOfTheProjectTemplateWithItsFunction() {
        List<String> warnings = new ArrayList<>();
        SamTemplate template = SamTemplate.load(projectTemplate(), warnings::add);

        Set<String> routes = template.routes().stream()
                .map(r -> r.routeKey() + " -> " + r.functionId()).collect(Collectors.toCollection(TreeSet::new));
        // The routes of the contract; TemplateMatchesFunctionBeansTest checks that nothing is missing or extra.
        assertThat(routes).contains(
                "POST /v1/users/{userId}/memories -> AddMemoriesFunction",
                "POST /v1/users/{userId}/memories/search -> SearchMemoriesFunction",
                "POST /v1/memories/search/batch -> BatchSearchFunction",
                "POST /v1/users/{userId}/cache/invalidate -> InvalidateCacheFunction",
                "GET /v1/users/{userId}/memories -> ManageMemoriesFunction",
                "DELETE /v1/users/{userId}/memories -> ManageMemoriesFunction",
                "GET /v1/users/{userId}/memories/{memoryId} -> ManageMemoriesFunction",
                "PUT /v1/users/{userId}/memories/{memoryId} -> ManageMemoriesFunction",
                "DELETE /v1/users/{userId}/memories/{memoryId} -> ManageMemoriesFunction",
                "GET /v1/users/{userId}/memories/{memoryId}/history -> ManageMemoriesFunction");
        assertThat(template.function("InvalidateCacheFunction").schedules()).containsExactly("Sweep (rate(1 hour))");
        assertThat(warnings).isEmpty();
    }

    @Test
    void appliesGlobalsAndResolvesParametersToTheirLocalValues() {
        SamTemplate template = SamTemplate.load(projectTemplate(), warning -> { });

        Map<String, String> definitions = template.functions().values().stream()
                .filter(f -> f.environment().containsKey("spring_cloud_function_definition")).collect(Collectors.toMap(
                FunctionDefinition::logicalId, f -> f.environment().get("spring_cloud_function_definition")));
        assertThat(definitions).containsAllEntriesOf(Map.of(
                "AddMemoriesFunction", "addMemories",
                "SearchMemoriesFunction", "searchMemories",
                "BatchSearchFunction", "batchSearch",
                "InvalidateCacheFunction", "invalidateCache",
                "ManageMemoriesFunction", "manageMemories"));
        assertThat(template.function("MigrateSchemaFunction").handler())
                .isEqualTo("io.agentmemory.functions.migration.SchemaMigrationHandler::handleRequest");
        for (FunctionDefinition function : template.functions().values()) {
            if (function.logicalId().equals("MigrateSchemaFunction")) {
                continue; // a plain handler with its own timeout, run by CloudFormation on a deploy
            }
            assertThat(function.handler()).isEqualTo(HANDLER);
            assertThat(function.runtime()).isEqualTo("java21");
            assertThat(function.memorySizeMb()).isEqualTo(2048);
            assertThat(function.timeoutSeconds()).isEqualTo(15);
            assertThat(function.environment())
                    .containsEntry("MAIN_CLASS", "io.agentmemory.functions.MemoryFunctionsApplication")
                    .containsEntry("AUTH_MODE", "jwt")
                    .containsEntry("MIGRATE_ON_INIT", "false")
                    .containsEntry("DB_POOL_MAX_SIZE", "2")
                    .containsEntry("CACHE_ENABLED", "true")
                    .containsEntry("LOG_LEVEL", "INFO")
                    // Parameters without a default have no local value: the runner's environment supplies them.
                    .containsEntry("DATABASE_URL", "")
                    .containsEntry("DATABASE_SECRET_ARN", "")
                    .containsEntry("REDIS_URL", "");
        }
    }

    /**
     * SAM cannot attach an authorizer conditionally, so the template declares each operation's security in the
     * HTTP API's OpenAPI body. A route added as an event without an operation there would be served without the
     * JWT authorizer; an operation without an event would have no integration.
     */
    @Test
    void everyRouteHasItsAuthorizerDeclaredAndEveryDeclaredOperationIsARoute() throws Exception {
        Map<String, Object> root = CloudFormationYaml.parse(java.nio.file.Files.readString(projectTemplate()));
        Map<?, ?> api = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) root.get("Resources")).get("MemoryHttpApi")).get("Properties");
        Map<?, ?> paths = (Map<?, ?>) ((Map<?, ?>) api.get("DefinitionBody")).get("paths");
        Set<String> secured = new TreeSet<>();
        paths.forEach((path, operations) -> ((Map<?, ?>) operations).forEach((method, operation) -> {
            assertThat(((Map<?, ?>) operation).get("security")).as("security of %s %s", method, path)
                    .isEqualTo(Map.of("Fn::If", List.of("UseJwtAuthorizer", List.of(Map.of("JwtAuthorizer", List.of())),
                            Map.of("Ref", "AWS::NoValue"))));
            // The OpenAPI extension SAM puts an ANY route's integration on.
            String routeMethod = method.equals("x-amazon-apigateway-any-method") ? HttpRoute.ANY : method.toString().toUpperCase();
            secured.add(routeMethod + " " + path);
        }));
        Set<String> routes = SamTemplate.load(projectTemplate(), warning -> { }).routes().stream()
                .map(HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(secured).isEqualTo(routes);
        assertThat(routes).as("the ANY routes (405 for the methods a path does not take) carry the authorizer too")
                .contains("ANY /v1/users/{userId}/memories/search", "ANY /mcp");
        // An API with CORS answers browsers' preflights itself only when no route takes OPTIONS; the ANY routes
        // would take them to the authorizer, which refuses a preflight (it carries no token). CORS therefore needs
        // unauthenticated OPTIONS routes first.
        assertThat(api.containsKey("CorsConfiguration")).as("CorsConfiguration with authorized ANY routes refuses every preflight").isFalse();
    }

    @Test
    void toleratesShortFormTagsAndEvaluatesIntrinsicsLocally() {
        String yaml = """
                Parameters:
                  Stage: { Type: String, Default: dev }
                  Issuer: { Type: String, Default: "" }
                  Subnets: { Type: CommaDelimitedList, Default: "a, b" }
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  HasIssuer: !Not [!Equals [!Ref Issuer, ""]]
                  Either: !Or [!Condition IsProd, !Condition HasIssuer]
                Globals:
                  Function:
                    Handler: example.Handler::handleRequest
                    Timeout: 9
                    Environment:
                      Variables:
                        SHARED: from-globals
                        OVERRIDDEN: from-globals
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      MemorySize: !If [IsProd, 1024, 512]
                      Environment:
                        Variables:
                          OVERRIDDEN: own
                          GREETING: !Sub "hello ${Stage} in ${AWS::Region}, literally ${!Stage}"
                          MODE: !If [Either, strict, relaxed]
                          SUBNETS: !Join [":", !Ref Subnets]
                          FIRST: !Select [0, !Ref Subnets]
                          OPTIONAL: !If [IsProd, set, !Ref AWS::NoValue]
                          BUCKET_ARN: !GetAtt Bucket.Arn
                          BUCKET_NAME: !Ref Bucket
                      Events:
                        Everything:
                          Type: HttpApi
                        Items:
                          Type: HttpApi
                          Properties: { Path: "/items/{id}", Method: get }
                """;
        List<String> warnings = new ArrayList<>();
        FunctionDefinition function = SamTemplate.parse(yaml, Path.of("inline.yaml"), warnings::add).function("Fn");

        assertThat(function.handler()).isEqualTo("example.Handler::handleRequest");
        assertThat(function.timeoutSeconds()).isEqualTo(9);
        assertThat(function.memorySizeMb()).isEqualTo(512);
        assertThat(function.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SHARED", "from-globals",
                "OVERRIDDEN", "own",
                "GREETING", "hello dev in us-east-1, literally ${Stage}",
                "MODE", "relaxed",
                "SUBNETS", "a:b",
                "FIRST", "a"));
        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("left unset locally"));
        assertThat(function.routes()).extracting(HttpRoute::routeKey).containsExactly("$default", "GET /items/{id}");
    }

    @Test
    void namesTheMissingFunction() {
        SamTemplate template = SamTemplate.load(projectTemplate(), warning -> { });
        assertThatThrownBy(() -> template.function("NoSuchFunction"))
                .hasMessageContaining("NoSuchFunction").hasMessageContaining("AddMemoriesFunction");
    }
}
