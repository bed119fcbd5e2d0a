package io.agentmemory.engine.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bedrock-compatible HTTP endpoint for tests, started on a free local port and reached through the SDK's
 * endpoint override. It implements the two runtime routes the service uses, {@code POST /model/{id}/converse}
 * and {@code POST /model/{id}/invoke}, and answers what a test scripted: a recorded Converse response
 * ({@code bedrock/*.json}), an error as Bedrock sends it (status, {@code x-amzn-ErrorType}, message), or a
 * reply held back longer than the client's time budget. What is simulated: the model itself (Converse answers
 * come from the recordings; an embedding is a pseudo-random unit vector seeded by the text, the same text always
 * giving the same vector) and the credentials check (the request's SigV4 Authorization header is checked for
 * shape, not verified against a secret). What is real: the SDK's signing, serialization, retry policy and
 * timeouts, and the HTTP exchange.
 */
public final class LocalBedrock implements AutoCloseable {

    private static final Pattern ROUTE = Pattern.compile("^/model/([^/]+)/(converse|invoke)$");
    private static final Pattern SIGV4 = Pattern.compile(
            "^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+/\\d{8}/[a-z0-9-]+/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$");

    /** One scripted answer. */
    public record Reply(int status, String errorType, String body, long delayMillis) {

        public static Reply recorded(String resource) {
            try (InputStream in = LocalBedrock.class.getResourceAsStream("/bedrock/" + resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no recorded response bedrock/" + resource);
                }
                return new Reply(200, null, new String(in.readAllBytes(), StandardCharsets.UTF_8), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Reply throttled() {
            return new Reply(429, "ThrottlingException", "{\"message\":\"Too many requests, please wait before trying again.\"}", 0);
        }

        public static Reply internalError() {
            return new Reply(500, "InternalServerException", "{\"message\":\"The server encountered an internal error.\"}", 0);
        }

        public static Reply unavailable() {
            return new Reply(503, "ServiceUnavailableException", "{\"message\":\"Bedrock is unable to process your request.\"}", 0);
        }

        public static Reply invalid() {
            return new Reply(400, "ValidationException", "{\"message\":\"The provided model identifier is invalid.\"}", 0);
        }

        public Reply after(long millis) {
            return new Reply(status, errorType, body, millis);
        }
    }

    /** A request as the server received it. */
    public record Received(String operation, String modelId, Map<String, List<String>> headers, JsonNode body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public boolean signedWithSigV4() {
            String authorization = header("Authorization");
            return authorization != null && SIGV4.matcher(authorization).matches() && header("X-Amz-Date") != null;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> converseReplies = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Reply> invokeReplies = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public LocalBedrock() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Converse answers in this order; when none is left, the facts recording. */
    public LocalBedrock converse(Reply... replies) {
        converseReplies.addAll(List.of(replies));
        return this;
    }

    /** InvokeModel errors or delays in this order; when none is left, a simulated embedding. */
    public LocalBedrock invoke(Reply... replies) {
        invokeReplies.addAll(List.of(replies));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String operation) {
        return received.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !route.matches()) {
                send(exchange, new Reply(404, "UnknownOperationException", "{\"message\":\"Unknown operation\"}", 0));
                return;
            }
            String modelId = URLDecoder.decode(route.group(1), StandardCharsets.UTF_8);
            String operation = route.group(2);
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            Received request = new Received(operation, modelId, Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            if (!request.signedWithSigV4()) {
                send(exchange, new Reply(403, "AccessDeniedException", "{\"message\":\"Missing or malformed SigV4 signature\"}", 0));
                return;
            }
            Reply reply = operation.equals("converse")
                    ? orElse(converseReplies.poll(), () -> Reply.recorded("converse-facts.json"))
                    : orElse(invokeReplies.poll(), () -> new Reply(200, null, embedding(modelId, body), 0));
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            send(exchange, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (its time budget ran out) while the reply was held back: nothing to answer.
        }
    }

    private static Reply orElse(Reply scripted, java.util.function.Supplier<Reply> otherwise) {
        return scripted != null ? scripted : otherwise.get();
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (reply.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType() + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Titan's answer shape for {@code amazon.titan-*}, Cohere's for {@code cohere.*}; the vector is simulated. */
    private String embedding(String modelId, JsonNode body) {
        ObjectNode answer = json.createObjectNode();
        if (modelId.startsWith("cohere.")) {
            ArrayNode embeddings = answer.putArray("embeddings");
            body.get("texts").forEach(text -> vector(embeddings.addArray(), text.asText(), 1024));
            answer.put("id", java.util.UUID.randomUUID().toString()).put("response_type", "embeddings_floats");
            answer.set("texts", body.get("texts"));
        } else {
            String text = body.get("inputText").asText();
            vector(answer.putArray("embedding"), text, body.path("dimensions").asInt(1024));
            answer.put("inputTextTokenCount", Math.max(1, text.split("\\s+").length * 4 / 3));
        }
        return answer.toString();
    }

    private static void vector(ArrayNode into, String text, int dimension) {
        Random random = new Random(seed(text));
        double[] values = new double[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            values[i] = random.nextGaussian();
            norm += values[i] * values[i];
        }
        for (double value : values) {
            into.add(value / Math.sqrt(norm));
        }
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
