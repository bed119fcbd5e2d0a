package io.agentmemory.engine.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A cached search result or context carries, ahead of its payload, the user's revision it was computed from and
 * the time until which it holds (the earliest expiry among the memories it shows; a memory that expires must leave
 * the results it is in). It is served only while both still hold.
 */
public final class CachedResult {

    private static final int HEADER = 2 * Long.BYTES;
    /** Holds forever as far as expiry goes: no memory in it expires. */
    public static final long NO_EXPIRY = Long.MAX_VALUE;

    private CachedResult() {
    }

    public static byte[] encode(long revision, long validUntilEpochMillis, byte[] payload) {
        byte[] value = new byte[HEADER + payload.length];
        ByteBuffer.wrap(value).putLong(revision).putLong(validUntilEpochMillis);
        System.arraycopy(payload, 0, value, HEADER, payload.length);
        return value;
    }

    /** The payload when {@code value} was computed at {@code currentRevision} and still holds at {@code nowMillis}. */
    public static byte[] payloadIfCurrent(byte[] value, Long currentRevision, long nowMillis) {
        if (value == null || currentRevision == null || value.length < HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(value, 0, HEADER);
        if (header.getLong() != currentRevision || header.getLong() <= nowMillis) {
            return null;
        }
        return Arrays.copyOfRange(value, HEADER, value.length);
    }

    /** Whether the value has outlived a memory it shows (the sweep reclaims such entries before their TTL). */
    static boolean outlived(byte[] value, long nowMillis) {
        return value != null && value.length >= HEADER && ByteBuffer.wrap(value, Long.BYTES, Long.BYTES).getLong() <= nowMillis;
    }
}
