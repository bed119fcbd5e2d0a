package io.agentmemory.engine.store;

import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.MemoryEvent;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The statements of {@code memory_history}: what happened to each memory, oldest first. */
public final class HistoryStatements {

    private HistoryStatements() {
    }

    public static Mono<Void> record(Connection c, UUID memoryId, String userId, MemoryEvent event, String oldText, String newText) {
        Statement s = c.createStatement("""
                INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                VALUES ($1, $2, $3, $4, $5)""").bind(0, memoryId).bind(1, userId).bind(2, event.name());
        Rows.bindNullable(s, 3, oldText, String.class);
        Rows.bindNullable(s, 4, newText, String.class);
        return Rows.rowsUpdated(s).then();
    }

    public static Mono<List<HistoryEntry>> of(Connection c, String userId, UUID memoryId) {
        return Flux.from(c.createStatement("""
                        SELECT id, memory_id, event, old_memory, new_memory, created_at FROM memory_history
                        WHERE user_id = $1 AND memory_id = $2 ORDER BY id""").bind(0, userId).bind(1, memoryId).execute())
                .flatMap(r -> r.map(row -> new HistoryEntry(row.get("id", Long.class), row.get("memory_id", UUID.class),
                        MemoryEvent.valueOf(row.get("event", String.class)), row.get("old_memory", String.class),
                        row.get("new_memory", String.class), row.get("created_at", Instant.class))))
                .collectList();
    }

    public static Mono<Long> deleteUser(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM memory_history WHERE user_id = $1").bind(0, userId));
    }
}
