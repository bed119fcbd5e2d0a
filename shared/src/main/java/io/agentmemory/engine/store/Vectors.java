package io.agentmemory.engine.store;

/**
 * pgvector's text form, '[0.1,0.2,...]', for JDBC callers (seeding, exact rankings). The engine binds vectors
 * in r2dbc-postgresql's binary form instead: writing 384 decimals in Java, escaping them inside a text[] and
 * parsing them again in PostgreSQL cost ~0.1 ms of each search.
 */
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
