package io.agentmemory.bench.report;

/** The benchmark's one way to read a percentile off sorted figures. */
public final class Percentile {

    private Percentile() {
    }

    /** Nearest rank: a figure some request really had; 0 when there are none. */
    public static double nearestRank(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
