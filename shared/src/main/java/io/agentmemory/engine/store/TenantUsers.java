package io.agentmemory.engine.store;

import java.util.Collection;

/**
 * The form of the {@code memory.user_ids} setting the row-level security policies read: the users a transaction
 * or statement may see, comma-separated (user ids cannot hold a comma, see {@code Limits.USER_ID}).
 */
public final class TenantUsers {

    private TenantUsers() {
    }

    public static String setting(Collection<String> userIds) {
        return String.join(",", userIds);
    }
}
