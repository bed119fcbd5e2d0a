package io.agentmemory.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.Memory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What every table's statements share: the live-memory condition, the memory row's columns, binding and counting. */
final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    static final String NOT_EXPIRED = "(m.expires_at IS NULL OR m.expires_at > now())";
    static final String MEMORY_COLUMNS =
            "m.id, m.user_id, m.memory, m.metadata::text AS metadata, m.categories, m.session_id, "
                    + "m.created_at, m.updated_at, m.expires_at";

    private Rows() {
    }

    static Memory memory(Readable row) {
        return new Memory(row.get("id", UUID.class), row.get("user_id", String.class), row.get("memory", String.class),
                metadata(row.get("metadata", String.class)), categories(row), row.get("session_id", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class), row.get("expires_at", Instant.class));
    }

    private static final TypeReference<List<Map<String, String>>> DATES = new TypeReference<>() {
    };

    /** The relative dates a memory's text names, as stored beside it. */
    static List<Map<String, String>> dates(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, DATES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored dates are not JSON", e);
        }
    }

    static List<String> categories(Readable row) {
        String[] values = row.get("categories", String[].class);
        return values == null ? List.of() : Arrays.asList(values);
    }

    static Map<String, Object> metadata(String json) {
        if (json == null || json.isEmpty() || "{}".equals(json)) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not a JSON object", e);
        }
    }

    static <T> void bindNullable(Statement s, int index, T value, Class<T> type) {
        if (value == null) {
            s.bindNull(index, type);
        } else {
            s.bind(index, value);
        }
    }

    static Mono<Long> rowsUpdated(Statement s) {
        return Flux.from(s.execute()).flatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }
}
