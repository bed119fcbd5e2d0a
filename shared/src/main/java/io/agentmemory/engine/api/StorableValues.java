package io.agentmemory.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What can be stored and given back unaltered: text PostgreSQL holds byte-exact (no NUL, no lone UTF-16 surrogate,
 * which has no UTF-8 form) and metadata within its size whose numbers survive the trip. Each rule reports a broken
 * field to {@code fail} (field, message).
 */
final class StorableValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StorableValues() {
    }

    static void text(String field, String value, BiConsumer<String, String> fail) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                fail.accept(field, "must not contain NUL characters");
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                fail.accept(field, "must be valid Unicode text (found an unpaired surrogate)");
                return;
            }
        }
    }

    static void metadata(String field, Map<String, Object> metadata, BiConsumer<String, String> fail) {
        if (metadata == null || metadata.isEmpty()) {
            return;
        }
        try {
            String json = JSON.writeValueAsString(metadata);
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.METADATA_BYTES_MAX) {
                fail.accept(field, "must be at most " + Limits.METADATA_BYTES_MAX + " bytes as JSON, got " + bytes);
            } else if (json.contains("\\u0000")) {
                fail.accept(field, "must not contain NUL characters");
            } else {
                // Keys and values alike: a lone surrogate has no UTF-8 form and would be stored altered.
                text(field, json, fail);
                numbersThatRoundTrip(field, metadata, fail);
            }
        } catch (JsonProcessingException e) {
            fail.accept(field, "must be a JSON object");
        }
    }

    /**
     * A metadata number is stored and answered as the 64-bit floating-point number every JSON client reads: one that
     * overflows it (1e400), underflows it (1e-400) or needs more precision than it has would come back altered, so
     * it is refused instead. Integers are kept exactly, whatever their size.
     */
    private static void numbersThatRoundTrip(String field, Object value, BiConsumer<String, String> fail) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> numbersThatRoundTrip(field + "." + key, nested, fail));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                numbersThatRoundTrip(field + "[" + i + "]", list.get(i), fail);
            }
        } else if (value instanceof BigDecimal decimal) {
            double d = decimal.doubleValue();
            if (Double.isInfinite(d) || new BigDecimal(Double.toString(d)).compareTo(decimal) != 0) {
                fail.accept(field, "must be a number a 64-bit floating-point value holds exactly as written (got " + decimal + ")");
            }
        } else if (value instanceof Double d && (d.isInfinite() || d.isNaN())) {
            fail.accept(field, "must be a finite number");
        }
    }
}
