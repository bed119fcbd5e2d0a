package io.agentmemory.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.http.ApiJson;
import io.agentmemory.functions.http.HttpFunction;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.ApplicationContext;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Locale;

/**
 * The Lambda handler of every function. Spring Cloud Function's {@link FunctionInvoker} starts the Spring context
 * and picks the function bean ({@code spring_cloud_function_definition}); each invocation then goes straight to
 * that {@link HttpFunction}: the event is parsed once, into what the routes need, and the response written once,
 * instead of being converted into a message (the event parsed, its headers copied), parsed again by the function
 * and serialised twice on the way out.
 *
 * <p>Only before the context has started (late initialisation) does an invocation take the adapter's own path.
 * There the adapter copies the request's HTTP headers into its own message headers, where some names steer it:
 * a client sending {@code aws-api-gateway: false} would make it fail before our function runs (a 502 from the
 * gateway). Those names carry nothing the functions read, so they are dropped; and a payload the adapter cannot
 * parse at all (not strict UTF-8, not a JSON object) gets the same 400 problem our functions give, instead of an
 * invocation error.
 */
public class MemoryFunctionInvoker extends FunctionInvoker {

    private volatile HttpFunction function;
    private final String functionDefinition;

    public MemoryFunctionInvoker() {
        this(null);
    }

    public MemoryFunctionInvoker(String functionDefinition) {
        super(functionDefinition);
        this.functionDefinition = functionDefinition;
        this.function = startedFunction();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        HttpFunction http = function;
        if (http != null) {
            http.handle(event, context, output);
            return;
        }
        handleThroughAdapter(event, output, context);
        function = startedFunction();
    }

    /** The function bean of the context the adapter started on this thread; null before it has started. */
    private HttpFunction startedFunction() {
        ApplicationContext context = StartedContext.take();
        if (context == null) {
            return null;
        }
        String name = functionDefinition != null ? functionDefinition
                : context.getEnvironment().getProperty("spring.cloud.function.definition");
        return name != null && context.containsBean(name) && context.getBean(name) instanceof HttpFunction http ? http : null;
    }

    private void handleThroughAdapter(byte[] event, OutputStream output, Context context) throws IOException {
        JsonNode tree;
        try {
            // Strictly UTF-8 first: Jackson alone lets encoded surrogates through.
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(event));
            tree = ApiJson.MAPPER.readTree(event);
        } catch (IOException notJsonOrNotUtf8) {
            tree = null;
        }
        if (tree == null || !tree.isObject() || (tree.has("headers") && !tree.get("headers").isObject())) {
            output.write(NOT_AN_EVENT);
            return;
        }
        if (tree.has("headers") && dropAdapterHeaders((ObjectNode) tree.get("headers"))) {
            event = ApiJson.MAPPER.writeValueAsBytes(tree);
        }
        super.handleRequest(new ByteArrayInputStream(event), output, context);
    }

    /** Header names the adapter or Spring Messaging give a meaning to; HTTP API lower-cases every name. */
    private static boolean dropAdapterHeaders(ObjectNode headers) {
        boolean dropped = false;
        for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
            String name = names.next().toLowerCase(Locale.ROOT);
            if (name.startsWith("aws-") || name.startsWith("spring.") || name.startsWith("scf-")
                    || name.equals("payload") || name.equals("id") || name.equals("timestamp") || name.equals("contenttype")) {
                names.remove();
                dropped = true;
            }
        }
        return dropped;
    }

    private static final byte[] NOT_AN_EVENT = ("{\"statusCode\":400,\"headers\":{\"content-type\":\"application/problem+json\","
            + "\"cache-control\":\"no-store\"},\"isBase64Encoded\":false,\"body\":"
            + "\"{\\\"type\\\":\\\"urn:agent-memory:problem:bad-request\\\",\\\"title\\\":\\\"Bad request\\\",\\\"status\\\":400,"
            + "\\\"detail\\\":\\\"the event is not an API Gateway HTTP API event\\\"}\"}").getBytes(StandardCharsets.UTF_8);
}
