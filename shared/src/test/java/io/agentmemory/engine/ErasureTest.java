package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/** Erasing a user leaves no row of theirs in any table with a user column, and no cache key: checked directly. */
class ErasureTest extends SharedEngineTest {

    @Test
    void deletingAUserRemovesEveryRowAndCacheEntryAndReportsWhatWasRemoved() throws Exception {
        String user = newUser();
        String other = newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "I prefer window seats and my budget is about 2,000 EUR")))
                .withIdempotencyKey("turn-1")).block(WAIT);
        EngineFixture.remember(engine, user, "My budget is about 3,000 EUR.");
        EngineFixture.store(engine, other, "Prefers trains");
        engine.search(SearchRequest.of(user, "seats")).block(WAIT);
        engine.context(user, null).block(WAIT);
        assertThat(cacheKeys(user)).isNotEmpty();

        DeletionReport report = engine.deleteAll(user).block(WAIT);

        assertThat(report.memories()).isEqualTo(2);
        assertThat(report.historyRows()).isGreaterThanOrEqualTo(3);
        assertThat(report.idempotencyKeys()).isEqualTo(1);
        assertThat(report.cacheEntries()).isPositive();
        List<String> tables = tablesWithAUserColumn();
        assertThat(tables).contains("memories", "memory_history", "idempotency_keys", "user_revisions");
        for (String table : tables) {
            assertThat(Sql.count("SELECT count(*) FROM " + table + " WHERE user_id = ?", user)).as(table).isZero();
        }
        assertThat(cacheKeys(user)).isEmpty();
        assertThat(EngineFixture.memoryCount(engine, other)).as("other users keep their memories").isEqualTo(1);
    }

    private static List<String> tablesWithAUserColumn() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<String> cacheKeys(String user) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (var connection = client.connect()) {
            List<String> keys = new ArrayList<>();
            ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(CacheKeys.userPattern(user)).limit(1000))
                    .forEachRemaining(keys::add);
            return keys;
        } finally {
            client.shutdown();
        }
    }
}
