package io.agentmemory.functions.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's memories are theirs alone: the token's {@code sub} must be the user in the path, unless the token
 * carries {@value Caller#ADMIN_SCOPE}. {@code AUTH_MODE=off} exists for local runs only and says so loudly.
 */
public final class AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);

    private final boolean enforced;

    private AccessPolicy(boolean enforced) {
        this.enforced = enforced;
    }

    public static AccessPolicy forMode(String mode) {
        String normalized = mode == null ? "jwt" : mode.strip().toLowerCase(Locale.ROOT);
        switch (normalized) {
            case "jwt" -> {
                return new AccessPolicy(true);
            }
            case "off" -> {
                LOG.warn("!!! AUTH_MODE=off: every caller may read and change every user's memories. "
                        + "Use this for local runs only, never in a deployed environment. !!!");
                return new AccessPolicy(false);
            }
            default -> throw new IllegalArgumentException("AUTH_MODE must be 'jwt' or 'off', got '" + mode + "'");
        }
    }

    public boolean enforced() {
        return enforced;
    }

    /** The caller the authorizer's verified claims and scope list name. */
    public Caller identify(Map<String, String> claims, List<String> authorizerScopes) {
        if (!enforced) {
            return Caller.UNAUTHENTICATED_LOCAL;
        }
        String subject = claims.get("sub");
        if (subject == null || subject.isBlank()) {
            throw new NotAuthenticatedException("a JWT issued for this API is required");
        }
        Set<String> scopes = new LinkedHashSet<>(authorizerScopes);
        // Some issuers put scopes in a claim instead of the authorizer's scope list.
        scopes.addAll(split(claims.get("scope")));
        scopes.addAll(split(claims.get("scp")));
        return new Caller(subject, Set.copyOf(scopes));
    }

    public void requireAccessTo(Caller caller, String userId) {
        if (enforced && !caller.isAdmin() && !caller.subject().equals(userId)) {
            throw forbidden("this token may only access its own user's memories");
        }
    }

    public void requireAccessToAll(Caller caller, Collection<String> userIds) {
        if (enforced && !caller.isAdmin() && userIds.stream().anyMatch(id -> !caller.subject().equals(id))) {
            throw forbidden("searching other users' memories needs the " + Caller.ADMIN_SCOPE + " scope");
        }
    }

    private static ForbiddenException forbidden(String detail) {
        return new ForbiddenException(detail);
    }

    private static Set<String> split(String claim) {
        if (claim == null || claim.isBlank()) {
            return Set.of();
        }
        String trimmed = claim.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).replace("\"", "").replace(",", " ");
        }
        return new LinkedHashSet<>(Arrays.asList(trimmed.split("\\s+")));
    }
}
