package io.agentmemory.bench;

import io.agentmemory.bench.lambda.LambdaLatencyPhase;
import io.agentmemory.bench.report.BenchmarkReport;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code BenchmarkMain [--users N] [--operations N] [--memories N] [--concurrency N] [--seed N] [--skip-original]
 * [--quick] [--out DIR]}: runs the original design, the service and LangChain4j on the same workload and prints,
 * writes and draws the results.
 */
public final class BenchmarkMain {

    /** The functions log one line per invocation to standard output, as on Lambda; it goes to this file instead. */
    public static final String FUNCTION_LOG_FILE = "function-logs.jsonl";

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            run(args);
            status = 0;
        } catch (BenchmarkOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(BenchmarkOptions.USAGE);
            status = e.getMessage().isEmpty() ? 0 : 2;
        } catch (LambdaLatencyPhase.MachineBusyException e) {
            System.err.println(e.getMessage());
            status = 3;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // The functions' Spring contexts keep non-daemon threads (pools, cache client) alive, as on Lambda.
        System.exit(status);
    }

    /** Runs the benchmark in this JVM and returns the report (none with --conversations-only or --lambda-only); standard output is restored afterwards. */
    public static BenchmarkReport run(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Files.createDirectories(options.out());
        PrintStream console = System.out;
        try (PrintStream functionLog = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(options.out().resolve(FUNCTION_LOG_FILE).toFile())), false, StandardCharsets.UTF_8)) {
            System.setOut(functionLog);
            return new BenchmarkRun(options, console).execute();
        } finally {
            System.setOut(console);
        }
    }
}
