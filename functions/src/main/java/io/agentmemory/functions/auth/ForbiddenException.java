package io.agentmemory.functions.auth;

/** The caller is known but may not touch these users' memories (answered 403). */
public final class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail, null, false, false);
    }
}
