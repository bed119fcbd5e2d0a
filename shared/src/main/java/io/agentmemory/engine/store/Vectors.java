package io.agentmemory.engine.store;

import com.pgvector.PGvector;

/**
 * pgvector's text form, '[0.1,0.2,...]', as pgvector-java writes it, for JDBC callers (seeding, exact rankings,
 * re-embedding, the statements of the caller's-thread connection). Through the pool the engine binds vectors in
 * r2dbc-postgresql's binary form instead: writing 384 decimals in Java and parsing them again in PostgreSQL cost
 * ~0.1 ms of each search there.
 */
public final class Vectors {

    private Vectors() {
    }

    public static String toText(float[] vector) {
        return new PGvector(vector).getValue();
    }
}
