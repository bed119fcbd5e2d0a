package io.agentmemory.bench.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.bench.BenchmarkMain;
import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the one-at-a-time phase working: --lambda-only on the quick data set, a few requests per kind, against the test
 * database and cache. It checks what the report holds and that the requests were what they claim to be (new questions
 * missed the cache and ran the model, repeats hit it, adds stored three facts), never how fast anything was. The test
 * suite runs beside other work, so it measures whatever the load (--allow-load) and the report must say so.
 */
class LambdaLatencyPhaseTest {

    private static final int REQUESTS = 12;

    @Test
    void lambdaOnlyMeasuresEverySystemOneRequestAtATimeAndSaysWhichFigureAnswersWhat(@TempDir Path out) throws Exception {
        TestServices services = TestServices.get();
        assertThat(BenchmarkMain.run(new String[]{
                "--quick", "--lambda-only", "--lambda-requests", Integer.toString(REQUESTS), "--allow-load",
                "--out", out.toString(),
                "--database-url", services.databaseUrl().toUrl(), "--use-database",
                "--redis-url", services.redisUrl()})).as("no concurrent workload report").isNull();

        JsonNode report = new ObjectMapper().readTree(out.resolve(LambdaLatencyReport.FILE).toFile());
        String compared = "service (" + LambdaLatencyPhase.COMPARED_MODEL.modelName() + ")";
        assertThat(report.path("systems").findValuesAsText("system"))
                .containsExactly("original", "service", compared, "langchain4j", "springai");
        for (JsonNode system : report.path("systems")) {
            String name = system.path("system").asText();
            assertThat(system.path("errorSamples")).as(name + " errors").isEmpty();
            List<String> expected = name.equals("service") ? List.of("search (cache miss)", "search (cache hit)",
                    LambdaLatencyReport.HIT_FILLED_ELSEWHERE, "add", LambdaLatencyReport.ADD_NEW_FACTS)
                    : name.equals(compared) ? List.of("search (cache miss)") : List.of("search", "add", LambdaLatencyReport.ADD_NEW_FACTS);
            assertThat(labels(system.path("operations"))).as(name).containsExactlyInAnyOrderElementsOf(expected);
            for (JsonNode operation : system.path("operations")) {
                assertThat(operation.path("count").asInt()).as(name + " " + operation.path("label")).isEqualTo(REQUESTS);
                assertThat(operation.path("errors").asInt()).isZero();
                assertThat(operation.path("p95").asDouble()).isGreaterThanOrEqualTo(operation.path("p50").asDouble());
            }
        }

        JsonNode stages = report.path("serviceStages");
        JsonNode miss = stage(stages, "service", "search (cache miss)");
        assertThat(miss.path("logLines").asInt()).as("every miss found its own log line by request id").isEqualTo(REQUESTS);
        assertThat(miss.path("modelRuns").asInt()).as("every new question ran the model: no query vector was cached")
                .isEqualTo(REQUESTS);
        assertThat(fields(miss.path("millis"))).contains("handlerMs", "durationMs", "cacheMs", "embeddingMs", "databaseMs",
                "outsideStagesMs", "adapterMs");
        JsonNode hit = stage(stages, "service", "search (cache hit)");
        assertThat(hit.path("logLines").asInt()).isEqualTo(REQUESTS);
        assertThat(hit.path("modelRuns").asInt()).as("a cached answer needs no model").isZero();
        assertThat(hit.path("millis").has("cacheMs")).as("the environment that answered holds its own copy").isFalse();
        JsonNode hitElsewhere = stage(stages, "service", LambdaLatencyReport.HIT_FILLED_ELSEWHERE);
        assertThat(hitElsewhere.path("logLines").asInt()).isEqualTo(REQUESTS);
        // A question new to that environment has its model begun beside the look-up, which the cache's answer stops;
        // one whose answer came late finished its model and was served from the cache all the same.
        assertThat(hitElsewhere.path("modelRuns").asInt()).as("the shared cache's answer stopped the model")
                .isLessThan(REQUESTS);
        assertThat(fields(hitElsewhere.path("millis"))).as("another environment reads the shared cache").contains("cacheMs");
        JsonNode add = stage(stages, "service", "add");
        JsonNode decisions = add.path("decisions");
        assertThat(decisions.path("added").asInt() + decisions.path("updated").asInt() + decisions.path("unchanged").asInt())
                .as("each add's message states three facts, each decided").isEqualTo(3 * REQUESTS);
        JsonNode newFacts = stage(stages, "service", LambdaLatencyReport.ADD_NEW_FACTS).path("decisions");
        assertThat(newFacts.path("unchanged").asInt()).as("no fact of these adds was known in its words").isZero();
        assertThat(newFacts.path("added").asInt() + newFacts.path("updated").asInt()).isEqualTo(3 * REQUESTS);
        assertThat(stage(stages, compared, "search (cache miss)").path("modelRuns").asInt()).isEqualTo(REQUESTS);

        JsonNode peerModel = report.path("peerModelStages");
        for (String peer : List.of("original", "langchain4j", "springai")) {
            for (String operation : List.of("search", "add", LambdaLatencyReport.ADD_NEW_FACTS)) {
                JsonNode split = stage(peerModel, peer, operation);
                assertThat(split.path("count").asInt()).as(peer + " " + operation).isEqualTo(REQUESTS);
                assertThat(split.path("modelRuns").asInt()).as(peer + " " + operation + ": every request embedded through the clock")
                        .isEqualTo(REQUESTS);
                assertThat(fields(split.path("millis"))).containsExactly("wholeMs", "modelMs", "outsideModelMs");
                assertThat(split.path("millis").path("modelMs").path("p50").asDouble())
                        .as(peer + " " + operation + ": the model's time is part of the request's")
                        .isGreaterThan(0).isLessThanOrEqualTo(split.path("millis").path("wholeMs").path("p50").asDouble());
            }
        }

        JsonNode models = report.path("modelComparison");
        assertThat(models.path("defaultModel").path("model").asText()).isEqualTo(report.path("settings").path("model").asText());
        assertThat(models.path("comparedModel").path("model").asText()).isEqualTo(LambdaLatencyPhase.COMPARED_MODEL.modelName());
        assertThat(models.path("comparedModel").path("embedOneQuery").path("count").asInt()).isEqualTo(REQUESTS);
        assertThat(models.path("defaultModel").path("user").asText()).isNotEqualTo(models.path("comparedModel").path("user").asText());

        JsonNode conditions = report.path("conditions");
        assertThat(conditions.path("allowedBusy").asBoolean()).isTrue();
        assertThat(conditions.path("loadAverageAtStart").asText()).isNotBlank();
        assertThat(conditions.path("loadAverageAtEnd").asText()).isNotBlank();
        assertThat(conditions.path("samples").asInt()).as("one look per block").isEqualTo((REQUESTS + LambdaLatencyPhase.BLOCK - 1)
                / LambdaLatencyPhase.BLOCK);
        assertThat(conditions.path("verdict").asText()).isNotBlank();

        assertThat(report.path("targets").findValuesAsText("target")).hasSize(7);
        for (JsonNode target : report.path("targets")) {
            boolean concurrent = target.path("target").asText().startsWith("concurrent workload");
            assertThat(target.path("status").asText()).as(target.path("target").asText())
                    .isIn(concurrent ? List.of("NOT_MEASURED") : List.of("PASS", "MISS"));
        }
        assertThat(report.path("figures").findValuesAsText("answers")).hasSameSizeAs(LambdaLatencyReport.GUIDE);
    }

    private static List<String> labels(JsonNode operations) {
        List<String> labels = new ArrayList<>();
        operations.forEach(o -> labels.add(o.path("label").asText()));
        return labels;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode stage(JsonNode stages, String system, String operation) {
        for (JsonNode stage : stages) {
            if (stage.path("system").asText().equals(system) && stage.path("operation").asText().equals(operation)) {
                return stage;
            }
        }
        throw new AssertionError("no stage split for " + system + " " + operation + " in " + stages);
    }
}
