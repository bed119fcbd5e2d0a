package io.agentmemory.functions.schedule;

/**
 * A scheduled run that did not finish. Nobody reads a scheduled invocation's answer, so a failure must fail the
 * invocation itself: Lambda then counts an error, retries the asynchronous event and finally parks it in the
 * failure queue, where an alarm sees it. An answered 5xx would look like a success to all of them.
 */
public final class ScheduledRunFailedException extends RuntimeException {

    public ScheduledRunFailedException(String function, Throwable cause) {
        super("the scheduled run of " + function + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() != null ? ": " + cause.getMessage() : ""), cause);
    }
}
