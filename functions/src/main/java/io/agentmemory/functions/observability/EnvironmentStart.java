package io.agentmemory.functions.observability;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How this execution environment came to serve requests: a cold start (init ran in this process) or a SnapStart
 * restore (init ran once, before the snapshot). The first Lambda invocation after either reports it in its log line,
 * as a ColdStarts or Restores metric, so a dashboard shows how often callers pay for one.
 */
public final class EnvironmentStart {

    public enum Kind {
        COLD("ColdStarts", "cold"), RESTORE("Restores", "restore");

        final String metric;
        final String label;

        Kind(String metric, String label) {
            this.metric = metric;
            this.label = label;
        }
    }

    /** The start not reported yet; null once the first invocation after it has taken it. */
    private static final AtomicReference<Kind> UNREPORTED = new AtomicReference<>(Kind.COLD);

    private EnvironmentStart() {
    }

    /** Called by the restore hook: the next invocation is the first of a restored environment. */
    public static void restored() {
        UNREPORTED.set(Kind.RESTORE);
    }

    /** The start the calling invocation is the first after, once; null for every later (warm) invocation. */
    public static Kind takeUnreported() {
        return UNREPORTED.getAndSet(null);
    }
}
