package io.agentmemory.functions.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.api.FieldError;
import io.agentmemory.engine.api.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the migration function's direct invocations over every user's memories share
 * ({@code {"action":"...","batchSize":256,"maxSeconds":600,"maxBatches":3}}, all but the action optional): they run
 * batches until none is left, {@code maxSeconds} have passed, {@code maxBatches} ran, or the function's timeout is
 * near, stopping between batches, and answer how many memories are still to do, so a caller (or a schedule) invokes
 * again until that is 0. They run on the migration function because they need what a migration needs: the tables'
 * owner (they read every user's rows) and one connection outside the proxy.
 */
final class BatchedInvocation {

    static final int BATCH_SIZE_MAX = 2_000;
    /** Lambda's own limit: no invocation runs longer. */
    static final int MAX_SECONDS_MAX = 900;
    /** Left free at the end of an invocation, for the answer and the commit of a batch that ran slow. */
    static final Duration RESERVE = Duration.ofSeconds(10);
    /** The actions, each with what it answers (see {@link ReembedInvocation}, {@link RereadInvocation}). */
    static final List<String> ACTIONS = List.of(ReembedInvocation.ACTION, RereadInvocation.ACTION);
    private static final Set<String> FIELDS = Set.of("action", "batchSize", "maxSeconds", "maxBatches");

    /** @param maxBatches 0: no cap */
    record Request(String action, int batchSize, Duration maxTime, int maxBatches) {
    }

    private BatchedInvocation() {
    }

    /** The request, with {@code defaultBatch} where it names no batch size; every broken rule at once in the {@link ValidationException}. */
    static Request parse(JsonNode event, int defaultBatch) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a known field (known: action, batchSize, maxSeconds, maxBatches)"));
            }
        }
        int batchSize = wholeNumber(event, "batchSize", 1, BATCH_SIZE_MAX, defaultBatch, errors);
        int maxSeconds = wholeNumber(event, "maxSeconds", 1, MAX_SECONDS_MAX, MAX_SECONDS_MAX, errors);
        int maxBatches = wholeNumber(event, "maxBatches", 1, Integer.MAX_VALUE, 0, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Request(event.path("action").asText(), batchSize, Duration.ofSeconds(maxSeconds), maxBatches);
    }

    private static int wholeNumber(JsonNode event, String field, int min, int max, int absent, List<FieldError> errors) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return absent;
        }
        return value.asInt();
    }

    /**
     * Another batch runs while twice the longest one so far still ends within {@code maxSeconds} and before the
     * reserve at the end of the invocation ({@code remaining}: Lambda's clock).
     */
    static Predicate<Duration> roomForABatch(Request request, Supplier<Duration> remaining) {
        long started = System.nanoTime();
        return longest -> {
            Duration needed = longest.multipliedBy(2);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return elapsed.plus(needed).compareTo(request.maxTime()) <= 0
                    && remaining.get().minus(needed).compareTo(RESERVE) >= 0;
        };
    }

    /** The answer to an invocation that did nothing, naming every broken rule. */
    static ObjectNode refused(ObjectMapper json, ValidationException refusal) {
        ObjectNode answer = json.createObjectNode();
        answer.put("status", 400);
        answer.put("detail", "the invocation was refused; nothing was changed");
        ArrayNode list = answer.putArray("errors");
        refusal.errors().forEach(error -> list.addObject().put("field", error.field()).put("message", error.message()));
        return answer;
    }

    /** The refusal of an action this function does not run. */
    static ValidationException unknownAction() {
        return ValidationException.of("action", "must be one of " + String.join(", ", ACTIONS.stream().map(a -> "\"" + a + "\"").toList())
                + " (the actions invoked directly)");
    }
}
