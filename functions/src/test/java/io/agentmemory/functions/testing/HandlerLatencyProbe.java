package io.agentmemory.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.testing.TravelCorpus;
import io.agentmemory.functions.FunctionBeans;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One search at a time through the real handlers, nothing else running, as one Lambda environment sees it: a user
 * of 1,000 memories, then alternating cache misses (a query text new to the process) and cache hits (a query
 * answered a round earlier: in the environment that answered it, then in a second one, from the shared cache, and
 * in a third that keeps no copies of its own, as every hit was answered before environments kept them).
 * Prints the medians of the time around {@code handleRequest}, of the invocation log's figures (the handler's own
 * time each way, the engine's stages) and of the thread context switches per request.
 * A measuring tool, not a test: {@code java -cp (test classpath) ...HandlerLatencyProbe [rounds]}.
 */
public final class HandlerLatencyProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final String USER = "probe-user";
    private static final String SEARCH_PATH = "/v1/users/" + USER + "/memories/search";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Map<String, String> settings = new HashMap<>(Functions.testEnvironment());
        settings.put("LOG_LEVEL", "ERROR");
        FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings);
        FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, settings);
        // A second environment of the search function: the previous round's question, which the first answered, comes
        // to it from the shared cache.
        FunctionInvoker otherSearch = Functions.start(FunctionBeans.SEARCH, settings);
        // A third that keeps no copy of its own (SEARCH_CACHE_LOCAL_MB=0): its repeats read the shared cache beside
        // the user's revision, as every hit did before environments kept copies. It asks questions of its own.
        Map<String, String> withoutCopies = new HashMap<>(settings);
        withoutCopies.put("SEARCH_CACHE_LOCAL_MB", "0");
        FunctionInvoker searchWithoutCopies = Functions.start(FunctionBeans.SEARCH, withoutCopies);
        seed(add);
        Random random = new Random(11);
        for (int i = 0; i < 100; i++) {
            String warm = TravelCorpus.query(random) + " warm " + i;
            for (FunctionInvoker environment : List.of(search, otherSearch, searchWithoutCopies)) {
                searchOnce(environment, warm);
                searchOnce(environment, warm);
            }
        }
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        String previous = null;
        for (int i = 0; i < rounds; i++) {
            String fresh = TravelCorpus.query(random) + " round " + i;
            record(figures, "miss", searchOnce(search, fresh), false);
            searchOnce(searchWithoutCopies, fresh + " without copies");
            if (previous != null) {
                // The three kinds of hit take turns at coming first, so that none always follows the misses' model.
                for (int k = 0; k < 3; k++) {
                    switch ((i + k) % 3) {
                        case 0 -> record(figures, "hit", searchOnce(search, previous), true);
                        case 1 -> record(figures, "hit filled elsewhere", searchOnce(otherSearch, previous), true);
                        default -> record(figures, "hit, no local copy", searchOnce(searchWithoutCopies, previous + " without copies"), true);
                    }
                }
            }
            previous = fresh;
        }
        System.out.println("rounds=" + rounds + " processors=" + Runtime.getRuntime().availableProcessors());
        figures.forEach((name, values) -> System.out.printf("%-34s p50 %8.3f  p90 %8.3f  (n=%d)%n", name,
                percentile(values, 0.5), percentile(values, 0.9), values.size()));
        printRowWidths();
        System.exit(0);
    }

    /** What a search reads per row: the memories table's average width, column by column (pg_column_size). */
    private static void printRowWidths() throws Exception {
        List<String> columns = new ArrayList<>();
        try (java.sql.Connection c = io.agentmemory.engine.testing.TestServices.get().jdbc();
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet r = s.executeQuery("SELECT column_name FROM information_schema.columns "
                    + "WHERE table_name = 'memories' ORDER BY ordinal_position")) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
            StringBuilder sql = new StringBuilder("SELECT avg(pg_column_size(m.*))");
            columns.forEach(column -> sql.append(", avg(pg_column_size(m.").append(column).append("))"));
            sql.append(", pg_total_relation_size('memories'), pg_relation_size('memories') FROM memories m");
            try (java.sql.ResultSet r = s.executeQuery(sql.toString())) {
                r.next();
                System.out.printf("memories row: %.0f bytes on average%n", r.getDouble(1));
                for (int i = 0; i < columns.size(); i++) {
                    System.out.printf("  %-16s %6.0f%n", columns.get(i), r.getDouble(i + 2));
                }
                System.out.printf("  table %d bytes, with indexes and TOAST %d%n", r.getLong(columns.size() + 3), r.getLong(columns.size() + 2));
            }
        }
    }

    private record Sample(double wallMillis, double cpuMillis, JsonNode logLine, long contextSwitches, boolean cached) {
    }

    private static void record(Map<String, List<Double>> figures, String kind, Sample sample, boolean expectCached) {
        if (sample.cached() != expectCached) {
            figures.computeIfAbsent(kind + " unexpected cache outcome", k -> new ArrayList<>()).add(1.0);
            return;
        }
        figures.computeIfAbsent(kind + " handleRequest ms", k -> new ArrayList<>()).add(sample.wallMillis());
        figures.computeIfAbsent(kind + " context switches", k -> new ArrayList<>()).add((double) sample.contextSwitches());
        figures.computeIfAbsent(kind + " CPU ms (all threads)", k -> new ArrayList<>()).add(sample.cpuMillis());
        for (String field : List.of("durationMs", "eventToEngineMs", "engineToResponseMs", "cacheMs", "embeddingMs", "databaseMs")) {
            if (sample.logLine() != null && sample.logLine().has(field)) {
                figures.computeIfAbsent(kind + " log " + field, k -> new ArrayList<>()).add(sample.logLine().path(field).asDouble());
            }
        }
    }

    private static Sample searchOnce(FunctionInvoker search, String query) throws IOException {
        byte[] event = HttpEvents.post(SEARCH_PATH, JSON.writeValueAsString(Map.of("query", query, "limit", 10, "mode", "semantic")))
                .as(USER).bytes();
        PrintStream original = System.out;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        long switchesBefore = contextSwitches();
        long cpuBefore = cpuOfAllThreads();
        long started = System.nanoTime();
        LambdaResponse response;
        try {
            response = Functions.invoke(search, FunctionBeans.SEARCH, event);
        } finally {
            long wall = System.nanoTime() - started;
            cpuBefore = cpuOfAllThreads() - cpuBefore;
            long switches = contextSwitches() - switchesBefore;
            System.setOut(original);
            started = wall;
            switchesBefore = switches;
        }
        if (response.status() != 200) {
            throw new IllegalStateException("search answered " + response.status() + ": " + response.rawBody());
        }
        JsonNode line = null;
        for (String text : logged.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.contains("\"_aws\"")) {
                line = JSON.readTree(text);
            }
        }
        return new Sample(started / 1e6, cpuBefore / 1e6, line, switchesBefore, response.body().path("cached").asBoolean());
    }

    /** A user of 1,000 travel memories, added through the add function, 10 a call, stored as given. */
    private static void seed(FunctionInvoker add) throws IOException {
        List<String> facts = TravelCorpus.facts(new Random(7), 1000);
        for (int from = 0; from < facts.size(); from += 10) {
            List<Map<String, String>> messages = facts.subList(from, from + 10).stream()
                    .map(fact -> Map.of("role", "user", "content", fact)).toList();
            byte[] event = HttpEvents.post("/v1/users/" + USER + "/memories",
                    JSON.writeValueAsString(Map.of("messages", messages, "infer", false))).as(USER).bytes();
            LambdaResponse response = Functions.invoke(add, FunctionBeans.ADD, event);
            for (int retry = 0; retry < 3 && response.status() == 503; retry++) {
                response = Functions.invoke(add, FunctionBeans.ADD, event);
            }
            if (response.status() != 201) {
                throw new IllegalStateException("seeding answered " + response.status() + ": " + response.rawBody());
            }
        }
    }

    /** CPU time of every live thread of this process so far, in nanoseconds (per-thread clocks: precise, unlike the process's). */
    private static long cpuOfAllThreads() {
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long spent = THREADS.getThreadCpuTime(id);
            total += Math.max(spent, 0);
        }
        return total;
    }

    /** Voluntary and involuntary context switches of every thread of this process so far. */
    private static long contextSwitches() {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (IOException threadEnded) {
                    // a thread that ended between the listing and the read has no more switches to count
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
