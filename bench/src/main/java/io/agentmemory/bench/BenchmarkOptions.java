package io.agentmemory.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line. Defaults are the successor of the Python benchmark's {@code --users 100 --operations 1000},
 * on a pre-seeded data set of 100,000 memories; {@code --quick} shrinks everything to run in seconds.
 *
 * @param ownDatabase the database is the benchmark's own (not given with --use-database), so it may recreate it
 * @param systems     which systems run, in this order (--skip-original removes "original")
 * @param concurrency simulated execution environments working at once (each with its own engine, pool, cache connection)
 * @param recallQueries searches per system whose top 10 are compared with an exact ranking
 * @param coldStarts    fresh processes timed from start to the search function's first response
 * @param conversations conversations of the evaluation set run through the engine (0 skips them)
 * @param conversationsOnly run the conversation set alone, not the workload
 * @param lambdaRequests    requests of each kind per system in the one-at-a-time phase (0 skips it)
 * @param lambdaOnly        run the one-at-a-time phase alone, not the concurrent workload
 * @param allowLoad         run the one-at-a-time phase on a busy machine (its results then say so)
 */
public record BenchmarkOptions(
        int users,
        int operations,
        int memories,
        int concurrency,
        long seed,
        boolean skipOriginal,
        List<String> systems,
        boolean quick,
        Path out,
        String databaseUrl,
        boolean ownDatabase,
        String redisUrl,
        int warmupOperations,
        int recallQueries,
        int coldStarts,
        int conversations,
        boolean conversationsOnly,
        int lambdaRequests,
        boolean lambdaOnly,
        boolean allowLoad) {

    public static final String USAGE = """
            usage: BenchmarkMain [options]
              --users N            users owning memories (default 100)
              --operations N       operations per system (default 1000)
              --memories N         pre-seeded memories, spread evenly over the users (default 100000)
              --concurrency N      simulated execution environments working at once (default 2: one per core,
                                   as each Lambda environment has its own vCPU)
              --seed N             seed of the data set and the workload (default 42)
              --skip-original      do not run the port of the original design
              --systems LIST       comma-separated subset of original,service,langchain4j,springai (default: all)
              --quick              small data set and workload: seconds, for the test suite
              --out DIR            where results.json and the charts go (default bench/out)
              --database-url URL   PostgreSQL server; the benchmark uses its own database memory_bench on it
                                   (memory_bench_quick with --quick)
                                   (default: $DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
              --use-database       take --database-url's database as given instead of memory_bench
              --redis-url URL      Redis-protocol cache (default: $REDIS_URL, else redis://127.0.0.1:6379, logical db 12)
              --cold-starts N      fresh processes for the start-to-first-response figure (default 5, 0 skips)
              --conversations N    conversations of the evaluation set to store and question (default 12, all;
                                   1 with --quick; 0 skips)
              --conversations-only only the evaluation set: search quality per mode and kind, BM25, models
              --lambda-requests N  requests of each kind per system in the one-at-a-time phase, as a Lambda
                                   environment serves them (default 300; with --quick 0, or 20 with --lambda-only;
                                   0 skips the phase)
              --lambda-only        only the one-at-a-time phase (results in lambda-latency.json)
              --allow-load         measure the one-at-a-time phase even when the 1-minute load average is above
                                   1.0 (by default it waits for the machine to quieten, then refuses); the results
                                   then say the machine was busy
            """;

    /** The benchmark's own database on the server, so nothing else's data is touched or measured. */
    public static final String BENCH_DATABASE = "memory_bench";
    public static final List<String> ALL_SYSTEMS = List.of("original", "service", "langchain4j", "springai");

    public static BenchmarkOptions parse(String[] args) {
        int users = 100;
        int operations = 1000;
        int memories = 100_000;
        int concurrency = 2;
        long seed = 42;
        boolean skipOriginal = false;
        List<String> systems = ALL_SYSTEMS;
        boolean quick = false;
        boolean useDatabase = false;
        Path out = Path.of("bench", "out");
        String databaseUrl = env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        String redisUrl = env("REDIS_URL", "redis://127.0.0.1:6379");
        Integer coldStarts = null;
        Integer conversations = null;
        boolean conversationsOnly = false;
        Integer lambdaRequests = null;
        boolean lambdaOnly = false;
        boolean allowLoad = false;
        List<String> explicit = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--users" -> users = positive(arg, value(args, ++i, arg));
                case "--operations" -> operations = positive(arg, value(args, ++i, arg));
                case "--memories" -> memories = positive(arg, value(args, ++i, arg));
                case "--concurrency" -> concurrency = positive(arg, value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--skip-original" -> skipOriginal = true;
                case "--systems" -> systems = systems(value(args, ++i, arg));
                case "--quick" -> quick = true;
                case "--use-database" -> useDatabase = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--database-url" -> databaseUrl = value(args, ++i, arg);
                case "--redis-url" -> redisUrl = value(args, ++i, arg);
                case "--cold-starts" -> coldStarts = Integer.parseInt(value(args, ++i, arg));
                case "--conversations" -> conversations = Integer.parseInt(value(args, ++i, arg));
                case "--conversations-only" -> conversationsOnly = true;
                case "--lambda-requests" -> lambdaRequests = Integer.parseInt(value(args, ++i, arg));
                case "--lambda-only" -> lambdaOnly = true;
                case "--allow-load" -> allowLoad = true;
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("unknown option " + arg);
            }
            explicit.add(arg);
        }
        if (quick) {
            // Options given explicitly still win over the quick preset.
            users = explicit.contains("--users") ? users : 10;
            operations = explicit.contains("--operations") ? operations : 60;
            memories = explicit.contains("--memories") ? memories : 1_000;
            concurrency = explicit.contains("--concurrency") ? concurrency : 2;
        }
        if (memories < users) {
            throw new UsageException("--memories must be at least --users");
        }
        // A quick full run (the test suite's) leaves the phase out: on a busy machine it would wait for quiet, then refuse.
        int phaseRequests = lambdaRequests != null ? Math.max(0, lambdaRequests) : !quick ? 300 : lambdaOnly ? 20 : 0;
        if (lambdaOnly && phaseRequests == 0) {
            throw new UsageException("--lambda-only needs --lambda-requests above 0");
        }
        if (lambdaOnly && conversationsOnly) {
            throw new UsageException("--lambda-only and --conversations-only exclude each other");
        }
        if (skipOriginal) {
            systems = systems.stream().filter(s -> !s.equals("original")).toList();
        }
        return new BenchmarkOptions(users, operations, memories, concurrency, seed, skipOriginal, systems, quick, out,
                // The quick data set lives apart, so a quick run never replaces the default one (minutes to embed).
                useDatabase ? databaseUrl : withDatabase(databaseUrl, quick ? BENCH_DATABASE + "_quick" : BENCH_DATABASE),
                !useDatabase, redisUrl,
                quick ? 10 : 100,
                quick ? 10 : 100,
                coldStarts != null ? coldStarts : quick ? 1 : 5,
                conversations != null ? Math.max(0, Math.min(12, conversations)) : quick ? 1 : 12,
                conversationsOnly, phaseRequests, lambdaOnly, allowLoad);
    }

    private static List<String> systems(String list) {
        List<String> chosen = new ArrayList<>();
        for (String name : list.split(",")) {
            String system = name.trim();
            if (!ALL_SYSTEMS.contains(system)) {
                throw new UsageException("unknown system '" + system + "', expected some of " + ALL_SYSTEMS);
            }
            chosen.add(system);
        }
        // Always in the canonical order: each system restores the data it starts from, but the order is the report's.
        return ALL_SYSTEMS.stream().filter(chosen::contains).toList();
    }

    /** The same server address with another database: the path of a libpq URL, query string kept. */
    static String withDatabase(String url, String database) {
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        int query = url.indexOf('?');
        String base = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        return base + "/" + database + (query < 0 ? "" : url.substring(query));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new UsageException(option + " must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got '" + value + "'");
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A command line we can't run; the message says why. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
