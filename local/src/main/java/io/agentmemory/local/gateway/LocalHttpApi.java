package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.local.lambda.LocalFunction;
import io.agentmemory.local.lambda.LocalFunctions;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a template's HTTP API on this machine the way {@code sam local start-api} does: each request is matched to
 * a route, turned into the payload format 2.0 event, passed to that route's function, and the function's output is
 * turned back into the HTTP response.
 */
public final class LocalHttpApi implements AutoCloseable {

    /** API Gateway's largest request payload. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** Lambda's largest synchronous invocation payload: a bigger event never reaches the function. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

    private final Undertow server;

    private LocalHttpApi(Undertow server) {
        this.server = server;
    }

    /** Port 0 picks a free port; {@link #port()} tells which. */
    public static LocalHttpApi start(String host, int port, ApiRouter router, LocalFunctions functions, PrintStream requestLog) {
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) MAX_REQUEST_BYTES)
                // The gateway's path is the path as sent: decoding is the router's job, per segment.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(new BlockingHandler(new GatewayHandler(router, functions, requestLog)))
                .build();
        server.start();
        return new LocalHttpApi(server);
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static final class GatewayHandler implements HttpHandler {

        private final ObjectMapper json = new ObjectMapper();
        private final ApiRouter router;
        private final LocalFunctions functions;
        private final HttpApiEventFactory events = new HttpApiEventFactory();
        private final LocalJwtAuthorizer authorizer = new LocalJwtAuthorizer(json);
        private final PrintStream requestLog;

        GatewayHandler(ApiRouter router, LocalFunctions functions, PrintStream requestLog) {
            this.router = router;
            this.functions = functions;
            this.requestLog = requestLog;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws IOException {
            long started = System.nanoTime();
            GatewayRequest request = read(exchange);
            String target = "-";
            GatewayResponse response;
            if (request == null) {
                response = GatewayResponse.problem(413, "Request Entity Too Large",
                        "the request body exceeds API Gateway's " + MAX_REQUEST_BYTES + "-byte limit", json);
            } else {
                Optional<ApiRouter.RouteMatch> match = router.match(request.method(), request.rawPath());
                if (match.isEmpty()) {
                    response = GatewayResponse.problem(404, "Not Found",
                            "no route of template.yaml matches " + request.method() + " " + request.rawPath(), json);
                } else {
                    target = match.get().route().functionId();
                    response = invoke(functions.get(target), request, match.get());
                }
            }
            write(exchange, response);
            String query = exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString();
            requestLog.printf("%s %s%s -> %s %d (%d ms)%n", exchange.getRequestMethod(), exchange.getRequestURI(), query,
                    target, response.status(), (System.nanoTime() - started) / 1_000_000);
        }

        private GatewayResponse invoke(LocalFunction function, GatewayRequest request, ApiRouter.RouteMatch match) {
            com.fasterxml.jackson.databind.node.ObjectNode httpEvent = events.create(request, match);
            Optional<GatewayResponse> refused = authorizer.authorize(request, httpEvent);
            if (refused.isPresent()) {
                return refused.get();
            }
            byte[] event;
            try {
                event = json.writeValueAsBytes(httpEvent);
            } catch (IOException e) {
                throw new IllegalStateException("the event could not be written", e);
            }
            if (event.length > MAX_EVENT_BYTES) {
                return GatewayResponse.problem(413, "Request Entity Too Large",
                        "the event exceeds Lambda's " + MAX_EVENT_BYTES + "-byte invocation payload limit", json);
            }
            try {
                return GatewayResponse.fromLambdaOutput(function.invoke(event), json);
            } catch (Exception | Error failure) {
                // The gateway hides the failure from the client; the developer sees it here, as in sam local's log.
                System.err.println(function.definition().logicalId() + " failed: " + failure);
                failure.printStackTrace();
                return GatewayResponse.internalServerError();
            }
        }

        /** Null when the body is larger than the gateway accepts. */
        private static GatewayRequest read(HttpServerExchange exchange) throws IOException {
            if (exchange.getRequestContentLength() > MAX_REQUEST_BYTES) {
                return null;
            }
            byte[] body;
            try (InputStream input = exchange.getInputStream()) {
                body = input.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                return null;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (HeaderValues values : exchange.getRequestHeaders()) {
                for (String value : values) {
                    headers.add(Map.entry(values.getHeaderName().toString(), value));
                }
            }
            return new GatewayRequest(exchange.getRequestMethod().toString(), pathOf(exchange.getRequestURI()),
                    exchange.getQueryString(), headers, body,
                    exchange.getSourceAddress().getAddress().getHostAddress(), exchange.getProtocol().toString());
        }

        /** A request line may carry an absolute URI ({@code http://host/path}); the gateway sees only the path. */
        private static String pathOf(String requestUri) {
            int scheme = requestUri.indexOf("://");
            if (scheme >= 0) {
                int slash = requestUri.indexOf('/', scheme + 3);
                return slash < 0 ? "/" : requestUri.substring(slash);
            }
            return requestUri;
        }

        private static void write(HttpServerExchange exchange, GatewayResponse response) {
            exchange.setStatusCode(response.status());
            for (Map.Entry<String, String> header : response.headers()) {
                exchange.getResponseHeaders().add(HttpString.tryFromString(header.getKey()), header.getValue());
            }
            exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
        }
    }
}
