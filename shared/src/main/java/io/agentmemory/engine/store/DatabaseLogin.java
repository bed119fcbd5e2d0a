package io.agentmemory.engine.store;

import java.util.Objects;

/** A user name and password the database accepts (or accepted once). The password never appears in {@link #toString()}. */
public record DatabaseLogin(String user, String password) {

    public DatabaseLogin {
        Objects.requireNonNull(user, "user");
    }

    @Override
    public String toString() {
        return "DatabaseLogin[user=" + user + ", password=" + (password == null ? "none" : "(hidden)") + "]";
    }
}
