package io.agentmemory.engine.testing;

import io.agentmemory.engine.MemoryEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the engine tests whose methods share one engine (test database and cache, default settings): opened
 * before the class's first test, closed after its last, as a warm execution environment would hold it.
 */
public abstract class SharedEngineTest {

    protected static MemoryEngine engine;

    @BeforeAll
    static void openSharedEngine() {
        engine = EngineFixture.engine();
    }

    @AfterAll
    static void closeSharedEngine() {
        engine.close();
    }
}
