package io.agentmemory.functions.mcp;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.routes.AddMemoriesRoute;
import io.agentmemory.functions.routes.ManageMemoriesRoutes;
import io.agentmemory.functions.routes.SearchMemoriesRoute;
import io.agentmemory.functions.routes.TravelContextRoutes;

import java.util.List;
import java.util.Map;

/** Which REST route each tool is: the MCP function holds no memory logic of its own. */
final class MemoryToolRoutes {

    private static final String USER_MEMORIES = "/v1/users/{userId}/memories";
    private static final String ONE_MEMORY = USER_MEMORIES + "/{memoryId}";

    private MemoryToolRoutes() {
    }

    static Map<String, ToolRoute> of(MemoryEngine engine) {
        ManageMemoriesRoutes manage = new ManageMemoriesRoutes(engine);
        TravelContextRoutes context = new TravelContextRoutes(engine);
        return Map.of(
                "add_memories", ToolRoute.withBody("POST", USER_MEMORIES, new AddMemoriesRoute(engine))
                        .withHeader("idempotencyKey", "idempotency-key")
                        .preparedBy(MemoryToolRoutes::factAsMessage),
                "search_memories", ToolRoute.withBody("POST", USER_MEMORIES + "/search", new SearchMemoriesRoute(engine)),
                "get_user_context", ToolRoute.withoutBody("GET", "/v1/users/{userId}/context", context::context, "type"),
                "list_memories", ToolRoute.withoutBody("GET", USER_MEMORIES, manage::list, "limit", "cursor"),
                "get_memory", ToolRoute.withoutBody("GET", ONE_MEMORY, manage::get),
                "update_memory", ToolRoute.withBody("PUT", ONE_MEMORY, manage::update),
                "delete_memory", ToolRoute.withoutBody("DELETE", ONE_MEMORY, manage::delete),
                "memory_history", ToolRoute.withoutBody("GET", ONE_MEMORY + "/history", manage::history));
    }

    /** {@code fact} is one statement by the user: the add body's single user message. */
    private static void factAsMessage(ToolArguments arguments) {
        if (!arguments.has("fact")) {
            arguments.take("fact");
            return;
        }
        if (arguments.has("messages")) {
            throw ValidationException.of("fact", "give either messages or fact, not both");
        }
        Object fact = arguments.take("fact");
        if (!(fact instanceof String)) {
            throw ValidationException.of("fact", "has the wrong type: expected a string");
        }
        arguments.put("messages", List.of(Map.of("role", "user", "content", fact)));
    }
}
