package io.agentmemory.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.agentmemory.engine.InProcessCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The search results this environment computed or fetched from the shared cache, kept in its own memory as they
 * were stored there ({@link CachedResult}: the user's revision and the expiry ahead of the payload). A search
 * asked again in the same environment then needs no cache round trip, only the user's revision, and it is served
 * under the same rule as a shared entry: only while it was computed at the user's current revision and no memory in
 * it has expired. So an entry here can never be staler than one in the shared cache; a write anywhere, an explicit
 * invalidation or an erasure makes it unservable everywhere at once.
 *
 * <p>Bounded by bytes and kept no longer than a shared entry. Erasing a user removes their entries here; other
 * environments' copies can no longer be served (the erasure forgets the user's revision) and age out.
 */
public final class LocalResults {

    private static final LocalResults OFF = new LocalResults(null);
    /** What an entry costs beyond its bytes: the key, the entry and Caffeine's node. */
    private static final int ENTRY_OVERHEAD_BYTES = 200;

    private record Entry(String userId, byte[] value) {
    }

    private final Cache<String, Entry> entries;

    private LocalResults(Cache<String, Entry> entries) {
        this.entries = entries;
    }

    /** @param megabytes how much memory the entries may take; 0 keeps none */
    public static LocalResults of(int megabytes, Duration lifetime) {
        if (megabytes <= 0) {
            return OFF;
        }
        return new LocalResults(InProcessCache.weighed((long) megabytes << 20,
                (String key, Entry entry) -> key.length() * 2 + entry.value().length + ENTRY_OVERHEAD_BYTES, lifetime));
    }

    public static LocalResults off() {
        return OFF;
    }

    public boolean enabled() {
        return entries != null;
    }

    /** The stored values of the keys, in order, if this environment holds every one of them; else null. */
    public List<byte[]> getAll(List<String> keys) {
        if (entries == null) {
            return null;
        }
        List<byte[]> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            Entry entry = entries.getIfPresent(key);
            if (entry == null) {
                return null;
            }
            values.add(entry.value());
        }
        return values;
    }

    /** Keeps a value as the shared cache has it (or is about to). */
    public void put(String key, String userId, byte[] value) {
        if (entries != null && value != null) {
            entries.put(key, new Entry(userId, value));
        }
    }

    /**
     * The payload of a value {@link #getAll} returned for {@code key}, if it is still current ({@link
     * CachedResult#payloadIfCurrent}); a stale one is dropped, so that it is not read again, and null returned.
     */
    public byte[] payloadIfCurrent(String key, byte[] held, Long currentRevision, long nowMillis) {
        byte[] payload = CachedResult.payloadIfCurrent(held, currentRevision, nowMillis);
        if (payload == null && entries != null) {
            entries.invalidate(key);
        }
        return payload;
    }

    /** Drops every entry of the user (erasure). */
    public void forgetUser(String userId) {
        if (entries != null) {
            entries.asMap().values().removeIf(entry -> entry.userId().equals(userId));
        }
    }

    /** How many entries are held (for tests). */
    public long size() {
        return entries == null ? 0 : entries.estimatedSize();
    }
}
