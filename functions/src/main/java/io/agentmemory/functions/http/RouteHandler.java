package io.agentmemory.functions.http;

/** One route's work: read the call, ask the engine, say what to answer. */
@FunctionalInterface
public interface RouteHandler {

    ApiResponse handle(ApiCall call);
}
