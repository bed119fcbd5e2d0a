package io.agentmemory.functions;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.stereotype.Component;

/**
 * Hands the Spring context that Spring Cloud Function's invoker starts to the {@link MemoryFunctionInvoker} that
 * asked for it. The invoker starts its context on the constructing thread and keeps it to itself, so the context
 * notes itself here, per thread, and the invoker takes it as soon as the start returns.
 */
@Component
class StartedContext implements ApplicationContextAware {

    private static final ThreadLocal<ApplicationContext> STARTED = new ThreadLocal<>();

    @Override
    public void setApplicationContext(ApplicationContext context) {
        STARTED.set(context);
    }

    /** The context last started on this thread, if any not taken yet. */
    static ApplicationContext take() {
        ApplicationContext context = STARTED.get();
        STARTED.remove();
        return context;
    }
}
