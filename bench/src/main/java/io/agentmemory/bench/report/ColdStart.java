package io.agentmemory.bench.report;

import java.util.List;

/**
 * Process start to the search function's first response, in fresh JVMs.
 *
 * @param samplesMillis each process's time, in the order they ran
 */
public record ColdStart(String function, List<Double> samplesMillis, double medianMillis, String note) {
}
