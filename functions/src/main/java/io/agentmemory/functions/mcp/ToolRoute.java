package io.agentmemory.functions.mcp;

import io.agentmemory.functions.gateway.PathTemplate;
import io.agentmemory.functions.http.RouteHandler;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The REST route a tool stands for, and where the tool's arguments go in that route's request: the path template's
 * parameters, the named query parameters and headers, and (for routes that read one) the body, which is the rest.
 *
 * @param prepare reshapes the arguments first, for a tool offering a shorthand the REST body doesn't have
 */
record ToolRoute(String method, String pathTemplate, RouteHandler handler, List<String> queryArguments,
                 Map<String, String> headerArguments, boolean readsBody, Consumer<ToolArguments> prepare) {

    static ToolRoute withBody(String method, String pathTemplate, RouteHandler handler) {
        return new ToolRoute(method, pathTemplate, handler, List.of(), Map.of(), true, arguments -> { });
    }

    static ToolRoute withoutBody(String method, String pathTemplate, RouteHandler handler, String... queryArguments) {
        return new ToolRoute(method, pathTemplate, handler, List.of(queryArguments), Map.of(), false, arguments -> { });
    }

    ToolRoute withHeader(String argument, String header) {
        return new ToolRoute(method, pathTemplate, handler, queryArguments, Map.of(argument, header), readsBody, prepare);
    }

    ToolRoute preparedBy(Consumer<ToolArguments> step) {
        return new ToolRoute(method, pathTemplate, handler, queryArguments, headerArguments, readsBody, step);
    }

    List<String> pathParameters() {
        return PathTemplate.of(pathTemplate).parameterNames();
    }

    String path(Map<String, String> parameters) {
        return PathTemplate.of(pathTemplate).expand(parameters);
    }
}
