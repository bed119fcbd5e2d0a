package io.agentmemory.engine.freshness;

import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.RevisionStatements;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Read-your-writes across the cache, by construction. Every change to a user's memories raises the user's revision
 * in the database, in the change's own transaction. A cached result or context carries the revision it was computed
 * from (read in the same statement as its rows) and is served only while that is still the user's revision, which
 * the search reads from the database after it has read the cache. Nothing the cache does (a stall, an outage seen
 * by one environment only, lost writes, a restart with old data) can make an older result look current, and no
 * write has to reach the cache for the guarantee to hold.
 */
public final class UserRevisions {

    private final Database database;

    public UserRevisions(Database database) {
        this.database = database;
    }

    /**
     * The users' current revisions (0 for a user who never wrote): read at subscription on the subscribing thread
     * where the caller's-thread connection can serve it, through the pool otherwise.
     */
    public Mono<Map<String, Long>> current(Collection<String> userIds) {
        return database.onCallerThreadOrPool(runner -> RevisionStatements.current(runner, userIds));
    }

    /** Makes every cached result of the user stale, everywhere, without changing a memory. */
    public Mono<Void> invalidate(String userId) {
        return database.forUsers(List.of(userId), c -> RevisionStatements.raise(c, userId)).then();
    }
}
