package io.agentmemory.functions.http;

import java.util.Map;

/** A request the adapter refuses before the engine sees it (auth, content type, size, routing). */
public class ApiProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ApiProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ApiProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }
}
