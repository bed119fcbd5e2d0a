package io.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.bench.report.BenchmarkReport;
import io.agentmemory.bench.report.ChartWriter;
import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.bench.report.ReportWriter;
import io.agentmemory.bench.report.McpSearchReport;
import io.agentmemory.bench.report.SearchModeReport;
import io.agentmemory.bench.report.UserSizeReport;
import io.agentmemory.bench.report.ServiceStageReport;
import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.report.SystemResult;
import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark working: a --quick run against the test database and cache produces figures for every
 * system and writes the JSON and the charts. It asserts that figures exist, never what they are.
 */
class BenchmarkQuickTest {

    @Test
    void quickRunProducesFiguresForEverySystemAndWritesJsonAndCharts(@TempDir Path out) throws Exception {
        TestServices services = TestServices.get();
        BenchmarkReport report = BenchmarkMain.run(new String[]{
                "--quick", "--out", out.toString(),
                "--database-url", services.databaseUrl().toUrl(), "--use-database",
                "--redis-url", services.redisUrl(),
                "--cold-starts", "1",
                // The one-at-a-time phase too, on few requests and whatever the load: its concurrent targets come from this run.
                "--lambda-requests", "5", "--allow-load"});

        assertThat(report.systems()).extracting(SystemResult::system).containsExactly("original", "service", "langchain4j", "springai");
        for (SystemResult system : report.systems()) {
            assertThat(system.errors()).as(system.system() + " errors: " + system.errorSamples()).isZero();
            assertThat(system.operations()).isPositive();
            assertThat(system.throughput()).isPositive();
            assertThat(system.recallAt10()).isBetween(0.0, 1.0);
            assertThat(system.peakConnections()).as(system.system() + " peak connections").isPositive();
            for (OperationKind kind : new OperationKind[]{OperationKind.ADD, OperationKind.SEARCH}) {
                OperationStats stats = system.operation(kind.label());
                assertThat(stats).as(system.system() + " " + kind.label()).isNotNull();
                assertThat(stats.count()).isPositive();
                assertThat(stats.p50()).isPositive();
                assertThat(stats.p99()).isGreaterThanOrEqualTo(stats.p50());
            }
        }
        assertThat(report.targets()).hasSize(7);
        assertThat(report.coldStart().samplesMillis()).hasSize(1);

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.RESULTS_FILE).toFile());
        assertThat(json.path("report").path("systems")).hasSize(4);
        for (String chart : new String[]{ChartWriter.LATENCY_FILE, ChartWriter.THROUGHPUT_FILE}) {
            byte[] png = Files.readAllBytes(out.resolve(chart));
            assertThat(png).hasSizeGreaterThan(1_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
        JsonNode stages = new ObjectMapper().readTree(out.resolve(ServiceStageReport.FILE).toFile());
        assertThat(stages.findValuesAsText("kind")).as("the service's measured searches in its own log lines").contains("cache miss");
        assertThat(stages.get(0).path("count").asInt()).isPositive();
        assertThat(stages.get(0).path("databaseP50").asDouble()).isPositive();
        JsonNode oneAtATime = new ObjectMapper().readTree(out.resolve(LambdaLatencyReport.FILE).toFile());
        assertThat(oneAtATime.path("systems").findValuesAsText("system")).contains("original", "service", "langchain4j", "springai");
        for (JsonNode target : oneAtATime.path("targets")) {
            assertThat(target.path("status").asText()).as(target.path("target").asText() + " judged on the same run")
                    .isIn("PASS", "MISS");
        }
        JsonNode mcp = new ObjectMapper().readTree(out.resolve(McpSearchReport.FILE).toFile());
        assertThat(mcp.path("queriesPerCell").asInt()).isPositive();
        for (String p50 : new String[]{"restMissP50", "mcpMissP50", "restHitP50", "mcpHitP50"}) {
            assertThat(mcp.path(p50).asDouble()).as(p50).isPositive();
        }
        JsonNode modes = new ObjectMapper().readTree(out.resolve(SearchModeReport.FILE).toFile());
        assertThat(modes.findValuesAsText("mode")).containsExactly("semantic", "keyword", "hybrid");
        assertThat(modes.findValues("p50Millis")).allSatisfy(v -> assertThat(v.asDouble()).isPositive());
        JsonNode sizes = new ObjectMapper().readTree(out.resolve(UserSizeReport.FILE).toFile());
        assertThat(sizes.findValuesAsText("layout")).containsExactly("seeded", "together", "interleaved", "together");
        List<Integer> memories = sizes.findValues("memories").stream().map(JsonNode::asInt).toList();
        assertThat(memories.get(0)).as("a seeded user's 100 memories and the workload's adds").isGreaterThanOrEqualTo(100);
        assertThat(memories.subList(1, memories.size())).as("copies of 100 (together and interleaved) and 500 memories"
                + " (2,000 is more than the quick set has)").containsExactly(100, 100, 500);
        List<Integer> pages = sizes.findValues("pages").stream().map(JsonNode::asInt).toList();
        assertThat(pages.get(2)).as("an interleaved user's rows are spread over more pages").isGreaterThan(pages.get(1));
        assertThat(sizes.findValues("p50Millis")).allSatisfy(v -> assertThat(v.asDouble()).isPositive());
        assertThat(sizes.findValues("codesP50Millis")).as("the code ranking measured beside it")
                .hasSize(memories.size()).allSatisfy(v -> assertThat(v.asDouble()).isPositive());
        assertThat(sizes.findValues("codesRecallAt10")).as("the codes' recall measured for every user size")
                .hasSize(memories.size()).allSatisfy(v -> assertThat(v.asDouble()).isBetween(0.0, 1.0));
    }
}
