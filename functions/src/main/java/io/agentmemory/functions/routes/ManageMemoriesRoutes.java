package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.Limits;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryPage;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.JsonBodies;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Listing, reading, correcting and erasing a user's memories: the routes a user's data rights rest on. */
public final class ManageMemoriesRoutes {

    private final MemoryEngine engine;

    public ManageMemoriesRoutes(MemoryEngine engine) {
        this.engine = engine;
    }

    public ApiResponse list(ApiCall call) {
        int limit = pageSize(call.request().query().get("limit"));
        MemoryPage page = call.await(engine.list(call.pathParameter("userId"), limit, call.request().query().get("cursor")));
        call.facts().results(page.memories().size());
        return ApiResponse.ok(page);
    }

    public ApiResponse get(ApiCall call) {
        Memory memory = call.await(engine.get(call.pathParameter("userId"), memoryId(call)));
        call.facts().results(1);
        return ApiResponse.ok(memory);
    }

    public ApiResponse update(ApiCall call) {
        RequestBodies.UpdateMemory body = JsonBodies.read(call.request(), RequestBodies.UpdateMemory.class);
        Memory memory = call.await(engine.update(call.pathParameter("userId"), memoryId(call),
                new MemoryUpdate(body.memory(), body.metadata(), body.categories())));
        call.facts().facts(0, 1, 0);
        return ApiResponse.ok(memory);
    }

    public ApiResponse delete(ApiCall call) {
        call.await(engine.delete(call.pathParameter("userId"), memoryId(call)));
        return ApiResponse.noContent();
    }

    public ApiResponse deleteAll(ApiCall call) {
        DeletionReport report = call.await(engine.deleteAll(call.pathParameter("userId")));
        call.facts().results((int) Math.min(Integer.MAX_VALUE, report.memories()));
        return ApiResponse.ok(report);
    }

    public ApiResponse history(ApiCall call) {
        List<HistoryEntry> history = call.await(engine.history(call.pathParameter("userId"), memoryId(call)));
        call.facts().results(history.size());
        return ApiResponse.ok(Map.of("history", history));
    }

    private static UUID memoryId(ApiCall call) {
        String raw = call.pathParameter("memoryId");
        try {
            UUID id = UUID.fromString(raw);
            if (!id.toString().equalsIgnoreCase(raw)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("memoryId", "must be a UUID such as 3f0e6a1c-9a56-4a7e-8f7a-0c1d2e3f4a5b");
        }
    }

    private static int pageSize(String raw) {
        if (raw == null || raw.isBlank()) {
            return Limits.PAGE_SIZE_DEFAULT;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw ValidationException.of("limit", "must be a whole number from 1 to " + Limits.PAGE_SIZE_MAX);
        }
    }
}
