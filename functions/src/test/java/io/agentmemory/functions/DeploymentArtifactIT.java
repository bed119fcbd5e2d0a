package io.agentmemory.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.agentmemory.functions.testing.ColdInvoke;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar every function's CodeUri names, run the way Lambda runs it: alone on the classpath (plus the runtime's
 * own lambda-core), in a fresh process, answering a sample event against the real database and cache. Runs after
 * {@code package}, as an integration test.
 */
class DeploymentArtifactIT {

    private static final Path ARTIFACT = Path.of("target", "memory-functions-aws.jar");
    /** Lambda's limit for a function's code, unzipped. */
    private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;

    @Test
    void theArtifactFitsLambdasLimitAndKeepsEveryServiceProviderFile() throws Exception {
        long unzipped = 0;
        try (ZipFile jar = new ZipFile(ARTIFACT.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                unzipped += Math.max(0, entry.getSize());
            }
            assertThat(read(jar, "META-INF/services/io.r2dbc.spi.ConnectionFactoryProvider"))
                    .contains("io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider")
                    .contains("io.r2dbc.pool.PoolingConnectionFactoryProvider");
            assertThat(read(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                    .contains("org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration");
            // The MCP SDK finds its JSON binding and schema validator through these; without them the context fails.
            assertThat(read(jar, "META-INF/services/io.modelcontextprotocol.json.McpJsonMapperSupplier"))
                    .contains("io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier");
            assertThat(read(jar, "META-INF/services/io.modelcontextprotocol.json.schema.JsonSchemaValidatorSupplier"))
                    .contains("io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier");
            assertThat(jar.getEntry("mcp/memory-tools.json")).isNotNull();
            assertThat(jar.getEntry("all-minilm-l6-v2-q.onnx")).isNotNull();
            assertThat(jar.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so")).isNotNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/Context.class"))
                    .as("lambda-core is provided by the runtime and must not be shaded in").isNull();
            // Dead weight stays out: the SDK's Apache client, Micrometer, Kotlin, Spring MVC, non-Linux JNA natives.
            assertThat(java.util.Collections.list(jar.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("org/apache/hc/") || name.startsWith("kotlin/")
                            || name.startsWith("io/micrometer/core/") || name.startsWith("org/springframework/web/servlet/")
                            || (name.startsWith("com/sun/jna/") && !name.endsWith(".class") && !name.endsWith("/")
                                && !name.startsWith("com/sun/jna/linux-x86-64/") && !name.startsWith("com/sun/jna/linux-aarch64/")))
                    .toList()).isEmpty();
        }
        System.out.printf("deployment artifact: %.1f MB zipped, %.1f MB unzipped%n",
                Files.size(ARTIFACT) / 1048576.0, unzipped / 1048576.0);
        assertThat(unzipped).isLessThan(LAMBDA_UNZIPPED_LIMIT);
    }

    @Test
    void aFreshProcessOnTheArtifactAnswersTheSampleSearchEvent() throws Exception {
        String classpath = String.join(File.pathSeparator, ARTIFACT.toString(),
                location(Context.class), location(ColdInvoke.class));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ColdInvoke.class.getName(), FunctionBeans.SEARCH, Path.of("..", "events", "search-memories.json").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(Functions.testEnvironment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String response = output.lines().filter(l -> l.startsWith("RESPONSE ")).findFirst().orElseThrow()
                .substring("RESPONSE ".length());
        assertThat(LambdaResponse.parse(response.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        output.lines().filter(l -> l.startsWith("FIRST_RESPONSE_MS ")).forEach(System.out::println);
        // A healthy cold start logs nothing an operator would have to look into (the application's lines and ONNX
        // Runtime's native ones; the JDK's own notes on native access belong to the JDK running this test, not Lambda's).
        assertThat(output.lines().filter(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\"")
                || l.contains("[W:onnxruntime") || l.contains("[E:onnxruntime")).toList()).as(output).isEmpty();
    }

    private static String read(ZipFile jar, String name) throws Exception {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
