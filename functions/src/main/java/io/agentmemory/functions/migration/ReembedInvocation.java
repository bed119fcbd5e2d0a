package io.agentmemory.functions.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.api.FieldError;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.store.Reembedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A direct invocation of the migration function that re-embeds the memories another model made, after
 * {@code EMBEDDING_MODEL} changed: {@code {"action":"reembed","batchSize":256,"maxSeconds":600}} (both optional;
 * {@code maxBatches} caps the batches too). It runs batches until none is left, {@code maxSeconds} have passed, or
 * the function's timeout is near, stopping between batches, and answers how many memories are still to do, so a
 * caller (or a schedule) invokes it again until that is 0. Runs on the migration function because it needs what a
 * migration needs: the tables' owner (it reads every user's rows) and one connection outside the proxy.
 */
final class ReembedInvocation {

    static final String ACTION = "reembed";
    static final int BATCH_SIZE_MAX = 2_000;
    /** Lambda's own limit: no invocation runs longer. */
    static final int MAX_SECONDS_MAX = 900;
    /** Left free at the end of an invocation, for the answer and the commit of a batch that ran slow. */
    static final Duration RESERVE = Duration.ofSeconds(10);
    private static final Set<String> FIELDS = Set.of("action", "batchSize", "maxSeconds", "maxBatches");

    /** @param maxBatches 0: no cap */
    record Request(int batchSize, Duration maxTime, int maxBatches) {
    }

    private ReembedInvocation() {
    }

    /** The request; every broken rule at once in the {@link ValidationException}. */
    static Request parse(JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a known field (known: action, batchSize, maxSeconds, maxBatches)"));
            }
        }
        int batchSize = wholeNumber(event, "batchSize", 1, BATCH_SIZE_MAX, Reembedding.DEFAULT_BATCH, errors);
        int maxSeconds = wholeNumber(event, "maxSeconds", 1, MAX_SECONDS_MAX, MAX_SECONDS_MAX, errors);
        int maxBatches = wholeNumber(event, "maxBatches", 1, Integer.MAX_VALUE, 0, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Request(batchSize, Duration.ofSeconds(maxSeconds), maxBatches);
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

    static ObjectNode answer(ObjectMapper json, String model, Reembedding.Progress progress) {
        ObjectNode answer = json.createObjectNode();
        answer.put("action", ACTION);
        answer.put("model", model);
        answer.put("reembedded", progress.reembedded());
        answer.put("remaining", progress.remaining());
        answer.put("done", progress.remaining() == 0);
        return answer;
    }

    static ObjectNode refused(ObjectMapper json, ValidationException refusal) {
        ObjectNode answer = json.createObjectNode();
        answer.put("status", 400);
        answer.put("detail", "the invocation was refused; nothing was re-embedded");
        ArrayNode list = answer.putArray("errors");
        refusal.errors().forEach(error -> list.addObject().put("field", error.field()).put("message", error.message()));
        return answer;
    }
}
