package io.agentmemory.local;

import io.agentmemory.engine.store.DatabaseUrl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;

/**
 * Before a function starts locally: does anything answer at the database address its environment names? A function
 * whose init cannot reach PostgreSQL fails with pages of stack traces from Spring, the pool and the driver; this
 * says the same in one line, before any of them starts.
 */
public final class DatabasePreflight {

    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private DatabasePreflight() {
    }

    /** What is wrong, in one line; empty when the database answers or the environment names none. */
    public static Optional<String> problem(Map<String, String> functionEnvironment) {
        String url = functionEnvironment.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        DatabaseUrl database;
        try {
            database = DatabaseUrl.parse(url, null, null);
        } catch (RuntimeException malformed) {
            return Optional.of("DATABASE_URL is not a postgresql:// URL: " + malformed.getMessage());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(database.host(), database.port()), CONNECT_TIMEOUT_MS);
            return Optional.empty();
        } catch (IOException unreachable) {
            return Optional.of("cannot reach PostgreSQL at " + database.host() + ":" + database.port()
                    + " (DATABASE_URL): " + unreachable.getMessage()
                    + "; start it, or let scripts/run.sh provision one");
        }
    }
}
