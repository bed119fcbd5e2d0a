package io.agentmemory.functions.snapstart;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.observability.EnvironmentStart;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart snapshots the environment after init and restores copies of it, possibly hours later and many times.
 * A TCP connection in the snapshot would be shared by every copy and long dead on the server side, so every
 * database and cache connection is closed before the checkpoint; the engine reopens them on first use.
 * The database login is not read again on restore: a copy restored after a rotation has its first connection
 * refused, which reads the secret again (RereadingCredentials); reading it here would put a Secrets Manager call
 * on every restore for the rare restore that needs it.
 */
public final class SnapStartLifecycle implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartLifecycle.class);

    private final MemoryEngine engine;

    public SnapStartLifecycle(MemoryEngine engine) {
        this.engine = engine;
        // CRaC holds resources weakly; the Spring context holds this bean, so it lives as long as the function.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        engine.suspendConnections();
        LOG.info("before checkpoint: database and cache connections closed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        EnvironmentStart.restored();
        LOG.info("after restore: connections will reopen on first use");
    }
}
