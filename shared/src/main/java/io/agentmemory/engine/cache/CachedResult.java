package io.agentmemory.engine.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cached search result carries the generation it was computed under, ahead of its payload. The key holds no
 * generation, so a search reads its user's generation and the result in one round trip; a result whose
 * generation is no longer the user's is stale and never served.
 */
public final class CachedResult {

    private static final byte SEPARATOR = '\n';

    private CachedResult() {
    }

    public static byte[] encode(String generation, byte[] payload) {
        byte[] prefix = generation.getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(prefix, prefix.length + 1 + payload.length);
        value[prefix.length] = SEPARATOR;
        System.arraycopy(payload, 0, value, prefix.length + 1, payload.length);
        return value;
    }

    /** The payload when {@code value} was stored under {@code generation}; null when stale or absent. */
    public static byte[] payloadIfCurrent(byte[] value, String generation) {
        if (value == null || generation == null) {
            return null;
        }
        byte[] prefix = generation.getBytes(StandardCharsets.US_ASCII);
        if (value.length <= prefix.length || value[prefix.length] != SEPARATOR
                || !Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        return Arrays.copyOfRange(value, prefix.length + 1, value.length);
    }

    static String generationOf(byte[] value) {
        for (int i = 0; i < value.length; i++) {
            if (value[i] == SEPARATOR) {
                return new String(value, 0, i, StandardCharsets.US_ASCII);
            }
        }
        return "";
    }
}
