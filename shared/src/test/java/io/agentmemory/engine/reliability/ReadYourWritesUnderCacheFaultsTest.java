package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.FaultyTcpProxy;
import io.agentmemory.engine.testing.OwnRedis;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes under cache faults that hit one environment and not another. Two engines stand for two Lambda
 * environments (the add function's and the search function's); each reaches one real redis-server through a proxy
 * of its own, so the test can stall or cut one side only, pause the server for everyone, or restart it with an old
 * snapshot of its data. After every write has answered, every search and context read of the other environment must
 * show it: the count of stale reads must be 0. Each scenario also checks that the reader was served from the cache
 * before the fault, so a pass cannot come from a cache that was never used.
 */
class ReadYourWritesUnderCacheFaultsTest {

    /** Facts far apart in meaning, so that only the cache could hide one (not a decision to merge two). */
    private static final List<String> FACTS = List.of("Prefers window seats on long flights",
            "Is allergic to peanuts", "Travels with a dog named Bella", "Budget is about 2,000 EUR",
            "Home airport is Munich", "Speaks fluent Japanese");
    private static final int READS_AFTER_WRITE = 4;

    private OwnRedis redis;
    private FaultyTcpProxy writerSide;
    private FaultyTcpProxy readerSide;
    private MemoryEngine writer;
    private MemoryEngine reader;
    private final Counts counts = new Counts();

    @BeforeEach
    void twoEnvironmentsOnOneCache() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed");
        redis = new OwnRedis();
        writerSide = new FaultyTcpProxy(redis.port());
        readerSide = new FaultyTcpProxy(redis.port());
        writer = EngineFixture.engine(TestServices.get().config(Map.of("REDIS_URL", writerSide.redisUrl(),
                "CLIENT_NAME", "ryw-faults-writer", "CACHE_BREAKER_OPEN_MS", "1000")));
        reader = EngineFixture.engine(TestServices.get().config(Map.of("REDIS_URL", readerSide.redisUrl(),
                "CLIENT_NAME", "ryw-faults-reader", "CACHE_BREAKER_OPEN_MS", "1000")));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[]{writer, reader, writerSide, readerSide, redis}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void theWholeCachePausedWhileOneEnvironmentWrites() throws Exception {
        runRounds(fact -> {
            redis.redisCli("CLIENT", "PAUSE", "1500", "ALL");
            EngineFixture.store(writer, user, fact);
            Thread.sleep(1_600);
        });
    }

    @Test
    void theWriterStalledWhileTheReaderReachesTheCache() throws Exception {
        runRounds(fact -> {
            writerSide.pause();
            try {
                EngineFixture.store(writer, user, fact);
            } finally {
                writerSide.heal();
            }
        });
    }

    @Test
    void theWriterCutOffWhileTheReaderReachesTheCache() throws Exception {
        runRounds(fact -> {
            writerSide.cut();
            try {
                EngineFixture.store(writer, user, fact);
            } finally {
                writerSide.heal();
            }
        });
    }

    @Test
    void theCacheRestartsWithDataFromBeforeTheWrite() throws Exception {
        runRounds(fact -> {
            redis.snapshot();
            EngineFixture.store(writer, user, fact);
            redis.kill();
            redis.start();
        });
    }

    private final String user = EngineFixture.newUser();

    private void runRounds(Fault faultDuringWrite) throws Exception {
        List<String> expected = new ArrayList<>();
        for (String fact : FACTS) {
            // The reader fills the cache with what it sees now, then reads it back from there.
            read(expected, false);
            read(expected, true);
            faultDuringWrite.during(fact);
            expected.add(fact);
            for (int i = 0; i < READS_AFTER_WRITE; i++) {
                read(expected, false);
            }
        }
        assertThat(counts.servedFromCacheBeforeFaults).as("reads served from the cache before a fault").isPositive();
        assertThat(counts.stale).as("stale reads out of %d", counts.reads).isZero();
    }

    private void read(List<String> expected, boolean countCacheUse) {
        SearchResult result = reader.search(SearchRequest.of(user, "what do we know about this traveller").withLimit(100))
                .block(WAIT);
        List<String> found = result.results().stream().map(SearchHit::memory).toList();
        int contextCount = reader.context(user, null).block(WAIT).memoryCount();
        counts.reads += 2;
        if (!found.containsAll(expected) || found.size() != expected.size()) {
            counts.stale++;
        }
        if (contextCount != expected.size()) {
            counts.stale++;
        }
        if (countCacheUse && result.cached()) {
            counts.servedFromCacheBeforeFaults++;
        }
    }

    @FunctionalInterface
    private interface Fault {
        void during(String fact) throws Exception;
    }

    private static final class Counts {
        int reads;
        int stale;
        int servedFromCacheBeforeFaults;
    }
}
