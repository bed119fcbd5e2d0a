package io.agentmemory.engine.manage;

import io.agentmemory.engine.api.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursor for listing: the (createdAt, id) of the last memory on the previous page. */
record ListCursor(Instant createdAt, UUID id) {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not three parts");
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            // A memory is created now, so a cursor this service issued names a time PostgreSQL can hold.
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(Instant.now().plusSeconds(86_400))) {
                throw new IllegalArgumentException("time out of range");
            }
            return new ListCursor(createdAt, UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ValidationException.of("cursor", "is not a cursor this service issued");
        }
    }
}
