package io.agentmemory.engine.store;

/**
 * Where new connections get their login. Credentials can change while an environment lives (a secret rotation,
 * a SnapStart restore hours after the snapshot), so the pool asks for the current login on every connection it
 * opens and reports a login the server refused, instead of holding one password for the environment's life.
 */
public interface DatabaseCredentials {

    /** The login new connections present. Called on the connection path: it must not block. */
    DatabaseLogin current();

    /**
     * The server refused {@code refused} (SQLSTATE class 28). May block (it may read the credentials' source again).
     *
     * @return true when another login is now current, so one more attempt can succeed; false when there is nothing
     *         new to try
     */
    boolean refused(DatabaseLogin refused);

    /** A login that never changes (a password in the URL or the settings, or none with trust authentication). */
    static DatabaseCredentials fixed(DatabaseLogin login) {
        return new DatabaseCredentials() {
            @Override
            public DatabaseLogin current() {
                return login;
            }

            @Override
            public boolean refused(DatabaseLogin refused) {
                return false;
            }
        };
    }
}
