package io.agentmemory.functions.hostile;

import io.agentmemory.functions.gateway.HttpApiEvent;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No personal data in logs: a full run through the real handlers — fresh environments starting and priming, adds with
 * and without inference, searches, batch search, list, get, update, history, preferences, context, invalidation, erasure,
 * idempotent replays and conflicts, validation errors, refused identities, a dead cache and a dead database — with
 * distinctive markers in every piece of personal data (message text, queries, metadata, categories, session ids,
 * idempotency keys, preference values, the user id). Everything written to stdout and stderr and every logback event
 * (message, arguments, MDC, exception text and stack) is captured; none of it may contain a marker.
 */
class NoPersonalDataInLogsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    private static final List<String> MARKERS = List.of(
            "ZEBRACORN" + RUN, "PASSMARKER" + RUN, "QUERYMARKER" + RUN, "METAVALUE" + RUN, "METAKEY" + RUN,
            "CATMARKER" + RUN, "SESSIONMARKER" + RUN, "UPDATEMARKER" + RUN, "DESTMARKER" + RUN, "IDEMMARKER" + RUN,
            "USERMARKER" + RUN);

    private ListAppender<ILoggingEvent> events;

    /** Each Spring context that starts re-initialises logback, dropping appenders added before: add it again. */
    private FunctionInvoker start(String function, Map<String, String> settings) {
        FunctionInvoker invoker = Functions.start(function, settings);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!root.isAttached(events)) {
            root.addAppender(events);
        }
        return invoker;
    }

    @Test
    void aFullRunLogsNoMemoryTextQueryOrOtherPersonalData() throws Exception {
        // The shared environments the Api helper calls (batch, preferences, context, invalidate) are started before the
        // capture: a Spring context starting re-initialises logback; the ones this run starts re-attach the capture.
        for (String function : List.of(FunctionBeans.BATCH_SEARCH, FunctionBeans.CONTEXT, FunctionBeans.INVALIDATE)) {
            Functions.invoke(function, "[]".getBytes(StandardCharsets.UTF_8));
        }
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        events = new ListAppender<>();
        events.setContext(logback);
        events.start();
        root.addAppender(events);
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        int invocations;
        try {
            invocations = fullRun();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(events);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> logged = new ArrayList<>();
        for (ILoggingEvent event : events.list) {
            StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    text.append(' ').append(argument);
                }
            }
            text.append(' ').append(event.getMDCPropertyMap());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
                for (var frame : t.getStackTraceElementProxyArray()) {
                    text.append(' ').append(frame.getSTEAsString());
                }
            }
            logged.add(text.toString());
        }
        long emfLines = output.lines().filter(line -> line.contains("\"_aws\"")).count();
        System.out.printf("[logs] %d invocations: captured %d bytes of stdout/stderr (%d EMF lines) and %d logback events; "
                + "markers searched: %d%n", invocations, output.length(), emfLines, logged.size(), MARKERS.size());
        logged.stream().filter(l -> !l.startsWith("DEBUG") && !l.startsWith("TRACE")).limit(40)
                .forEach(l -> System.out.println("[logs]   " + (l.length() > 200 ? l.substring(0, 200) + "..." : l)));

        assertThat(emfLines).as("the capture saw the invocation log lines").isGreaterThanOrEqualTo(invocations / 2);
        for (String marker : MARKERS) {
            assertThat(output).as("stdout/stderr holds %s", marker).doesNotContain(marker);
            assertThat(logged).as("logback events hold %s", marker).noneMatch(line -> line.contains(marker));
        }
    }

    /** Every route, the error paths and the outage paths, with a marker in every piece of personal data. */
    private int fullRun() throws Exception {
        int n = 0;
        String user = "user-USERMARKER" + RUN + "-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID();

        // Fresh environments, started and primed inside the capture (their init logs count too).
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("PRIME_ON_INIT", "true");
        FunctionInvoker add = start(FunctionBeans.ADD, settings);
        FunctionInvoker search = start(FunctionBeans.SEARCH, settings);
        FunctionInvoker manage = start(FunctionBeans.MANAGE, settings);


        JsonNode added = ok(invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of(
                "messages", List.of(Map.of("role", "user", "content", "Hi! I am allergic to ZEBRACORN" + RUN + " fruit, I prefer window seats."),
                        Map.of("role", "assistant", "content", "Noted, no ZEBRACORN" + RUN + " on your trips.")),
                "sessionId", "SESSIONMARKER" + RUN, "metadata", Map.of("METAKEY" + RUN, "METAVALUE" + RUN),
                "categories", List.of("CATMARKER" + RUN)))).header("idempotency-key", "IDEMMARKER" + RUN).as(user)), 201);
        n++;
        // The retry (replayed) and the same key with another body (409).
        invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of(
                "messages", List.of(Map.of("role", "user", "content", "Hi! I am allergic to ZEBRACORN" + RUN + " fruit, I prefer window seats."),
                        Map.of("role", "assistant", "content", "Noted, no ZEBRACORN" + RUN + " on your trips.")),
                "sessionId", "SESSIONMARKER" + RUN, "metadata", Map.of("METAKEY" + RUN, "METAVALUE" + RUN),
                "categories", List.of("CATMARKER" + RUN)))).header("idempotency-key", "IDEMMARKER" + RUN).as(user));
        n++;
        invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of("messages",
                List.of(Map.of("role", "user", "content", "PASSMARKER" + RUN))))).header("idempotency-key", "IDEMMARKER" + RUN).as(user));
        n++;
        JsonNode verbatim = ok(invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of("infer", false,
                "messages", List.of(Map.of("role", "user", "content", "Passport number PASSMARKER" + RUN))))).as(user)), 201);
        n++;
        String id = verbatim.path("results").get(0).path("id").asText();

        for (int i = 0; i < 2; i++) { // the second is a cache hit
            ok(invoke(search, FunctionBeans.SEARCH, HttpEvents.post(Api.memories(user) + "/search", Api.json(Map.of(
                    "query", "QUERYMARKER" + RUN + " what is my passport number", "filters", Map.of("sessionId", "SESSIONMARKER" + RUN,
                            "categories", List.of("CATMARKER" + RUN), "metadata", Map.of("METAKEY" + RUN, "METAVALUE" + RUN))))).as(user)), 200);
            n++;
        }
        ok(Api.batch("operator", List.of(Map.of("userId", user, "query", "QUERYMARKER" + RUN + " allergies"),
                Map.of("userId", other, "query", "QUERYMARKER" + RUN), Map.of("userId", user, "query", "")), Api.ADMIN), 200);
        n++;
        ok(invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(Api.memories(user)).as(user)), 200);
        ok(invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(Api.memories(user) + "/" + id).as(user)), 200);
        ok(invoke(manage, FunctionBeans.MANAGE, HttpEvents.request("PUT", Api.memories(user) + "/" + id)
                .body(Api.json(Map.of("memory", "UPDATEMARKER" + RUN + " passport renewed", "metadata", Map.of("note", "METAVALUE" + RUN))))
                .as(user)), 200);
        ok(invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(Api.memories(user) + "/" + id + "/history").as(user)), 200);
        n += 4;
        ok(Api.preferences(user, user, Map.of("preferences", Map.of("destinations", List.of("DESTMARKER" + RUN),
                "travelStyle", "slow DESTMARKER" + RUN))), 200);
        ok(Api.context(user, user), 200);
        ok(Api.invalidate(user, user), 200);
        n += 3;

        // The same data through the MCP function's tools, results and a tool error included.
        FunctionInvoker mcp = start(FunctionBeans.MCP, settings);
        for (Map<String, Object> call : List.<Map<String, Object>>of(
                Map.of("name", "add_memories", "arguments", Map.of("fact", "Passport PASSMARKER" + RUN, "infer", false,
                        "categories", List.of("CATMARKER" + RUN), "idempotencyKey", "IDEMMARKER" + RUN + "-mcp")),
                Map.of("name", "search_memories", "arguments", Map.of("query", "QUERYMARKER" + RUN + " passport")),
                Map.of("name", "get_memory", "arguments", Map.of("memoryId", id)),
                Map.of("name", "search_memories", "arguments", Map.of("query", "QUERYMARKER" + RUN, "limit", "ZEBRACORN" + RUN)))) {
            ok(invoke(mcp, FunctionBeans.MCP, HttpEvents.post("/mcp", Api.json(Map.of("jsonrpc", "2.0", "id", n,
                    "method", "tools/call", "params", call))).header("accept", "application/json, text/event-stream").as(user)), 200);
            n++;
        }

        // Error paths, each carrying personal data in the request.
        invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of("messages",
                List.of(Map.of("role", "user", "content", "ZEBRACORN" + RUN + " ".repeat(9_000)))))).as(user));
        invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), "{\"messages\":[{\"role\":\"user\",\"content\":\"ZEBRACORN" + RUN).as(user));
        invoke(add, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), "{\"messages\":[],\"ZEBRACORN" + RUN + "\":1}").as(user));
        invoke(search, FunctionBeans.SEARCH, HttpEvents.post(Api.memories(user) + "/search", "{\"query\":\"QUERYMARKER" + RUN + "\",\"limit\":\"x\"}").as(user));
        invoke(search, FunctionBeans.SEARCH, HttpEvents.post(Api.memories(user) + "/search", "{\"query\":\"QUERYMARKER" + RUN + "\"}")
                .header("content-type", "text/QUERYMARKER" + RUN).as(user));
        invoke(search, FunctionBeans.SEARCH, HttpEvents.post(Api.memories(user) + "/search", "{\"query\":\"QUERYMARKER" + RUN + "\"}").as(other));
        invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(Api.memories(user) + "/" + UUID.randomUUID()).as(user));
        invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(Api.memories(user) + "/PASSMARKER" + RUN).as(user));
        invoke(manage, FunctionBeans.MANAGE, HttpEvents.get("/v1/users/" + user + "/ZEBRACORN" + RUN).as(user));
        Api.preferences(user, user, Map.of("preferences", Map.of("destinations", List.of("DESTMARKER" + RUN + "\u0000"))));
        n += 10;

        // A dead cache and a dead database: the degraded paths log too.
        Map<String, String> noCache = Functions.testEnvironment();
        noCache.put("REDIS_URL", "redis://127.0.0.1:" + closedPort());
        FunctionInvoker addNoCache = start(FunctionBeans.ADD, noCache);
        invoke(addNoCache, FunctionBeans.ADD, HttpEvents.post(Api.memories(user), Api.json(Map.of("infer", false,
                "messages", List.of(Map.of("role", "user", "content", "UPDATEMARKER" + RUN + " while the cache is down"))))).as(user));
        Map<String, String> noDatabase = Functions.testEnvironment();
        noDatabase.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closedPort() + "/nowhere");
        noDatabase.put("DB_CONNECT_TIMEOUT_MS", "300");
        FunctionInvoker searchNoDatabase = start(FunctionBeans.SEARCH, noDatabase);
        invoke(searchNoDatabase, FunctionBeans.SEARCH, HttpEvents.post(Api.memories(user) + "/search",
                Api.json(Map.of("query", "QUERYMARKER" + RUN + " while the database is down"))).as(user));
        n += 2;

        // And the erasure.
        ok(invoke(manage, FunctionBeans.MANAGE, HttpEvents.request("DELETE", Api.memories(user)).as(user)), 200);
        return n + 1;
    }

    private static LambdaResponse invoke(FunctionInvoker invoker, String function, HttpApiEvent event) {
        return Functions.invoke(invoker, function, event.bytes());
    }

    private static JsonNode ok(LambdaResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response.body();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Writes to the original stream (so the report files keep everything) and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}
