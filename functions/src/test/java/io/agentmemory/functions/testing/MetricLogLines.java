package io.agentmemory.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The CloudWatch embedded-metric log lines (those with an {@code _aws} member) that some work prints to stdout. */
public final class MetricLogLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricLogLines() {
    }

    /** Runs the work with stdout captured and returns its metric lines, parsed, in order. */
    public static List<JsonNode> printedDuring(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("a metric line that is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }
}
