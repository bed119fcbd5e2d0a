package io.agentmemory.functions.testing.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The global context: resources are notified before the checkpoint in reverse registration order and after
 * restore in registration order, as the CRaC runtime does. {@link #whileCheckpointed} lets a test look at the
 * world between the two, where the snapshot would be taken.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();
    private static volatile Runnable atCheckpoint = () -> { };

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void whileCheckpointed(Runnable check) {
        atCheckpoint = check;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            CheckpointException failure = new CheckpointException();
            failure.addSuppressed(e);
            throw failure;
        }
        try {
            atCheckpoint.run();
        } finally {
            try {
                GLOBAL.afterRestore(null);
            } catch (Exception e) {
                RestoreException failure = new RestoreException();
                failure.addSuppressed(e);
                throw failure;
            }
        }
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources) {
                resource.afterRestore(this);
            }
        }
    }
}
