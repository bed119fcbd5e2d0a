package io.agentmemory.functions.auth;

import java.util.Set;

/**
 * Who is calling, as the HTTP API's JWT authorizer established it. The function never validates tokens itself:
 * API Gateway did, and only its verified claims reach the event.
 */
public record Caller(String subject, Set<String> scopes) {

    public static final String ADMIN_SCOPE = "memory/admin";

    public static final Caller UNAUTHENTICATED_LOCAL = new Caller(null, Set.of());

    public boolean isAdmin() {
        return scopes.contains(ADMIN_SCOPE);
    }
}
