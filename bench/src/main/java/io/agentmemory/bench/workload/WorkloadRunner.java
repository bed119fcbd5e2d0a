package io.agentmemory.bench.workload;

import io.agentmemory.bench.systems.SearchAnswer;
import io.agentmemory.bench.systems.SystemEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives operations through a system's environments: one worker per environment, each taking the next
 * operation of the shared list as soon as its previous one has answered (closed loop, like agents waiting for
 * their memory calls), and timing each call from request to answer.
 */
public final class WorkloadRunner {

    public static final String SEARCH_CACHE_HIT = "search (cache hit)";
    public static final String SEARCH_CACHE_MISS = "search (cache miss)";

    private WorkloadRunner() {
    }

    /** Runs the operations, records into {@code samples}, and returns the wall time from first request to last answer. */
    public static double run(List<SystemEnvironment> environments, List<Operation> operations, LatencySamples samples)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>(environments.size());
        long started = System.nanoTime();
        for (int w = 0; w < environments.size(); w++) {
            SystemEnvironment environment = environments.get(w);
            workers.add(Thread.ofPlatform().name("bench-worker-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < operations.size(); i = next.getAndIncrement()) {
                    execute(environment, operations.get(i), samples);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void execute(SystemEnvironment environment, Operation operation, LatencySamples samples) {
        String label = operation.kind().label();
        long started = System.nanoTime();
        try {
            switch (operation) {
                case Operation.Add add -> {
                    environment.add(add.userId(), add.message());
                    samples.record(label, System.nanoTime() - started, 0, 0);
                }
                case Operation.Search search -> {
                    SearchAnswer answer = environment.search(search.query());
                    long nanos = System.nanoTime() - started;
                    samples.record(label, nanos, answer.cached() ? 1 : 0, 1);
                    samples.record(answer.cached() ? SEARCH_CACHE_HIT : SEARCH_CACHE_MISS, nanos, answer.cached() ? 1 : 0, 1);
                }
                case Operation.BatchSearch batch -> {
                    List<SearchAnswer> answers = environment.searchBatch(batch.queries());
                    long nanos = System.nanoTime() - started;
                    int hits = (int) answers.stream().filter(SearchAnswer::cached).count();
                    samples.record(label, nanos, hits, answers.size());
                }
            }
        } catch (Exception e) {
            samples.recordError(label, e);
        }
    }
}
