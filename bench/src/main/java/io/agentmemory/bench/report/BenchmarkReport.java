package io.agentmemory.bench.report;

import java.util.List;
import java.util.Map;

/** Everything one run measured: written as results.json, printed as a table and drawn as charts. */
public record BenchmarkReport(Map<String, Object> settings, Map<String, String> machine, List<SystemResult> systems,
                              ColdStart coldStart, ArtifactSize artifact, List<TargetResult> targets,
                              double totalSeconds) {
}
