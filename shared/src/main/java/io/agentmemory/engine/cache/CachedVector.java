package io.agentmemory.engine.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A query vector as the cache holds it: its floats, little-endian, 4 bytes each. */
public final class CachedVector {

    private CachedVector() {
    }

    public static byte[] encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /** The vector, or null when absent or not of the model's dimension (then the caller embeds the text itself). */
    public static float[] decode(byte[] value, int dimension) {
        if (value == null || value.length != dimension * Float.BYTES) {
            return null;
        }
        float[] vector = new float[dimension];
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
