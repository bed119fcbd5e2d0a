package io.agentmemory.engine.store;

/** pgvector's text form, '[0.1,0.2,...]': what the batch statements bind as text[] and cast once. */
public final class Vectors {

    private Vectors() {
    }

    public static String toText(float[] vector) {
        StringBuilder sb = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(vector[i]);
        }
        return sb.append(']').toString();
    }
}
