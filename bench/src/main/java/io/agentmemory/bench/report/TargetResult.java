package io.agentmemory.bench.report;

/** One of the targets, what was measured against it, and whether it was met. */
public record TargetResult(String target, String measured, boolean met) {
}
