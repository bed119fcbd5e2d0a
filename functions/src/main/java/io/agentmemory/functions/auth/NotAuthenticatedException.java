package io.agentmemory.functions.auth;

/** The request carries no verified identity while the policy requires one (answered 401). */
public final class NotAuthenticatedException extends RuntimeException {

    public NotAuthenticatedException(String detail) {
        super(detail, null, false, false);
    }
}
