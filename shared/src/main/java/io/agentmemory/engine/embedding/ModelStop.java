package io.agentmemory.engine.embedding;

/**
 * Tells a model call in flight on one thread that another thread no longer wants its answer. A search of a new
 * query embeds it while the shared cache is asked for the query's result and vector, and stops the model as soon as
 * the cache has either: the wait for the cache is hidden behind the model, and a cache hit does not pay for the
 * model. An in-process model checks the request between its steps; a call that cannot stop runs to its end.
 */
public final class ModelStop {

    private boolean requested;
    private Runnable interrupt;

    /** Asks the call to stop: at its next step if it is running, before it begins if it has not started. */
    public synchronized void request() {
        requested = true;
        if (interrupt != null) {
            interrupt.run();
        }
    }

    public synchronized boolean requested() {
        return requested;
    }

    /**
     * Names how to interrupt the call about to run; false (and nothing attached) if a stop was requested already,
     * so the call need not start. The interrupt runs under this object's lock, and never after {@link #detach()}:
     * a model can free what it interrupts once detached.
     */
    synchronized boolean attach(Runnable interrupt) {
        if (requested) {
            return false;
        }
        this.interrupt = interrupt;
        return true;
    }

    /** The call has ended: a later request interrupts nothing. */
    synchronized void detach() {
        interrupt = null;
    }
}
