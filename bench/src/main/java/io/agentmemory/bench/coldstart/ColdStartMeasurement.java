package io.agentmemory.bench.coldstart;

import io.agentmemory.bench.report.ColdStart;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Process start to first response of the search function: fresh {@code java} processes on the benchmark's own
 * runtime classpath, each running {@link ColdStartProbe}, timed from just before the process is spawned to
 * the probe's marker line. Plain JVM defaults (no SnapStart, no CDS archive): the worst case Lambda can see.
 */
public final class ColdStartMeasurement {

    private static final long TIMEOUT_SECONDS = 120;

    private ColdStartMeasurement() {
    }

    public static ColdStart measure(int processes, Map<String, String> settings, String userId) throws Exception {
        List<Double> samples = new ArrayList<>(processes);
        for (int i = 0; i < processes; i++) {
            samples.add(once(settings, userId));
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length == 0 ? 0
                : sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new ColdStart("searchMemories", samples, Math.round(median * 10) / 10.0,
                "fresh JVM, default flags, no SnapStart: JVM start, Spring context, model load, first DB and cache connection");
    }

    private static double once(Map<String, String> settings, String userId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-cp", runtimeClasspath(), ColdStartProbe.class.getName(), userId)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(settings);
        long started = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ColdStartProbe.MARKER)) {
                    double millis = (System.nanoTime() - started) / 1e6;
                    String status = line.substring(ColdStartProbe.MARKER.length()).trim();
                    if (!"200".equals(status)) {
                        throw new IllegalStateException("the cold-start probe's search answered " + status);
                    }
                    return Math.round(millis * 10) / 10.0;
                }
            }
        } finally {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        throw new IllegalStateException("the cold-start probe exited (" + process.exitValue() + ") without answering");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath this JVM runs on. Under {@code mvn exec:java} the project's classes live in a class loader of
     * their own rather than on java.class.path, so its URLs are taken when there are any.
     */
    static String runtimeClasspath() {
        ClassLoader loader = ColdStartMeasurement.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            return Arrays.stream(urls.getURLs()).map(ColdStartMeasurement::toPath).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String toPath(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("classpath entry is not a file: " + url, e);
        }
    }
}
