package io.agentmemory.functions.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops one misleading line of Spring Cloud Function 4.3.0's catalog: on the first lookup of every function it
 * searches its registrations before the bean factory and logs the miss as a WARN ("Failed to locate function 'x' for
 * function definition 'x'. Returning null."), then finds the bean and returns it. Upstream made that line DEBUG in
 * 4.3.1, but only the catalog's 4.3.1 resolves here, not the AWS adapter's, and the catalog 4.3.1 under the adapter
 * 4.3.0 made a cold handler's first invocation fail in the event-file test. Only that exact line is dropped; a
 * function that is really missing still fails the handler's start loudly, and the catalog's other warnings pass.
 */
public final class FunctionLookupNoticeFilter extends Filter<ILoggingEvent> {

    private static final String CATALOG = "org.springframework.cloud.function.context.catalog.";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        boolean lookupNotice = event.getLoggerName().startsWith(CATALOG) && message != null
                && message.startsWith("Failed to locate function '") && message.endsWith("'. Returning null.");
        return lookupNotice ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
