package io.agentmemory.engine.store;

import java.util.List;

/**
 * One search's hits as the statement read them, with the user's revision in the same snapshot and the earliest
 * expiry among the hits (epoch milliseconds, {@link Long#MAX_VALUE} when none expires): what a cached copy of the
 * answer needs to know when it stops being true.
 */
public record SearchedRows(List<StoredHit> hits, long revision, long validUntilMillis) {
}
