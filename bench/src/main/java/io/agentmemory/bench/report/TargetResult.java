package io.agentmemory.bench.report;

/** One of the targets, what was measured against it, and the verdict. */
public record TargetResult(String target, String measured, Status status) {

    public enum Status { PASS, MISS, NOT_MEASURED }

    public static TargetResult judged(String target, String measured, boolean met) {
        return new TargetResult(target, measured, met ? Status.PASS : Status.MISS);
    }

    public static TargetResult notMeasured(String target, String why) {
        return new TargetResult(target, why, Status.NOT_MEASURED);
    }

    public boolean met() {
        return status == Status.PASS;
    }
}
