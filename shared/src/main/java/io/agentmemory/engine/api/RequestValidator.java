package io.agentmemory.engine.api;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request against {@link Limits} and collects every broken rule, so that a caller fixes all of them
 * in one round. Text must be storable byte-exact: PostgreSQL text cannot hold NUL, and a lone UTF-16
 * surrogate has no UTF-8 form, so both are rejected rather than silently altered.
 */
public final class RequestValidator {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");

    private final List<FieldError> errors = new ArrayList<>();

    public static void validate(AddRequest request) {
        RequestValidator v = new RequestValidator();
        v.userId("userId", request.userId());
        List<Message> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            v.fail("messages", "must contain 1 to " + Limits.MESSAGES_MAX + " messages");
        } else if (messages.size() > Limits.MESSAGES_MAX) {
            v.fail("messages", "must contain at most " + Limits.MESSAGES_MAX + " messages, got " + messages.size());
        } else {
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                String field = "messages[" + i + "]";
                if (m == null) {
                    v.fail(field, "must be an object with role and content");
                    continue;
                }
                if (m.role() == null || !ROLES.contains(m.role())) {
                    v.fail(field + ".role", "must be one of user, assistant, system");
                }
                v.text(field + ".content", m.content(), Limits.MESSAGE_CHARS_MAX);
                if (m.name() != null && !Limits.SPEAKER_NAME.matcher(m.name()).matches()) {
                    v.fail(field + ".name", "must be 1-" + Limits.SPEAKER_NAME_CHARS_MAX
                            + " characters: letters, digits, spaces and . ' _ -, starting with a letter");
                }
            }
        }
        v.optionalText("sessionId", request.sessionId(), Limits.SESSION_ID_CHARS_MAX);
        v.expiry("expiresAt", request.expiresAt());
        v.metadata("metadata", request.metadata());
        v.categories("categories", request.categories());
        if (request.observedAt() != null && request.observedAt().isAfter(java.time.Instant.now().plus(Limits.OBSERVED_AT_FUTURE_MAX))) {
            v.fail("observedAt", "must not be more than a day in the future");
        }
        if (request.idempotencyKey() != null) {
            String key = request.idempotencyKey();
            if (key.isEmpty() || key.length() > Limits.IDEMPOTENCY_KEY_CHARS_MAX || !key.chars().allMatch(c -> c > 32 && c < 127)) {
                v.fail("idempotencyKey", "must be 1-" + Limits.IDEMPOTENCY_KEY_CHARS_MAX + " visible ASCII characters");
            }
        }
        v.throwIfAny();
    }

    public static void validate(SearchRequest request) {
        validate(request, "");
    }

    public static void validate(SearchRequest request, String prefix) {
        RequestValidator v = new RequestValidator();
        v.collect(request, prefix);
        v.throwIfAny();
    }

    /** The size of a batch of searches, its one rule as a whole (each search has its own, see {@link #validateBatch}). */
    public static void validateBatchSize(int searches) {
        if (searches < 1 || searches > Limits.BATCH_MAX) {
            throw ValidationException.of("searches", "must contain 1 to " + Limits.BATCH_MAX + " searches, got " + searches);
        }
    }

    /**
     * Validates a batch: its size as a whole (thrown), then each search, whose errors name its position (e.g.
     * {@code searches[3].query}) and fail only that search: the list holds each search's error, null where valid.
     */
    public static List<ValidationException> validateBatch(List<SearchRequest> requests) {
        validateBatchSize(requests == null ? 0 : requests.size());
        List<ValidationException> errors = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            RequestValidator v = new RequestValidator();
            if (requests.get(i) == null) {
                v.fail("searches[" + i + "]", "must be a search object");
            } else {
                v.collect(requests.get(i), "searches[" + i + "].");
            }
            errors.add(v.errors.isEmpty() ? null : new ValidationException(v.errors));
        }
        return errors;
    }

    public static void validateUserId(String userId) {
        RequestValidator v = new RequestValidator();
        v.userId("userId", userId);
        v.throwIfAny();
    }

    public static void validatePage(String userId, int limit) {
        RequestValidator v = new RequestValidator();
        v.userId("userId", userId);
        if (limit < 1 || limit > Limits.PAGE_SIZE_MAX) {
            v.fail("limit", "must be between 1 and " + Limits.PAGE_SIZE_MAX);
        }
        v.throwIfAny();
    }

    public static void validate(String userId, MemoryUpdate update) {
        RequestValidator v = new RequestValidator();
        v.userId("userId", userId);
        if (update == null || (update.memory() == null && update.metadata() == null && update.categories() == null)) {
            v.fail("memory", "an update needs at least one of memory, metadata, categories");
        } else {
            if (update.memory() != null) {
                v.text("memory", update.memory(), Limits.MEMORY_CHARS_MAX);
            }
            v.metadata("metadata", update.metadata());
            v.categories("categories", update.categories());
        }
        v.throwIfAny();
    }

    /**
     * Explicit preferences become memories without passing through add: each preference's text follows the memory
     * text rules (length, no NUL, valid Unicode), and the optional category the category rules.
     */
    public static void validatePreferenceFacts(Map<String, String> factsByField, String category) {
        RequestValidator v = new RequestValidator();
        factsByField.forEach((field, text) -> v.text(field, text, Limits.MEMORY_CHARS_MAX));
        if (category != null) {
            if (category.isBlank() || category.length() > Limits.CATEGORY_CHARS_MAX) {
                v.fail("category", "must be 1-" + Limits.CATEGORY_CHARS_MAX + " characters");
            } else {
                v.storable("category", category);
            }
        }
        v.throwIfAny();
    }

    private void collect(SearchRequest request, String prefix) {
        userId(prefix + "userId", request.userId());
        text(prefix + "query", request.query(), Limits.QUERY_CHARS_MAX);
        if (request.limit() < 1 || request.limit() > Limits.LIMIT_MAX) {
            fail(prefix + "limit", "must be between 1 and " + Limits.LIMIT_MAX);
        }
        if (!(request.threshold() >= 0.0 && request.threshold() <= 1.0)) {
            fail(prefix + "threshold", "must be between 0 and 1");
        }
        SearchFilters filters = request.filters();
        categories(prefix + "filters.categories", filters.categories());
        optionalText(prefix + "filters.sessionId", filters.sessionId(), Limits.SESSION_ID_CHARS_MAX);
        metadata(prefix + "filters.metadata", filters.metadata());
        if (filters.observedFrom() != null && filters.observedTo() != null && !filters.observedFrom().isBefore(filters.observedTo())) {
            fail(prefix + "filters.observedTo", "must be after filters.observedFrom");
        }
    }

    private void userId(String field, String userId) {
        if (userId == null || !Limits.USER_ID.matcher(userId).matches()) {
            fail(field, "must be 1-" + Limits.USER_ID_MAX + " characters of letters, digits and _ - . @ : |");
        } else if (userId.equals(".") || userId.equals("..")) {
            // They are path segments, not names: a URL holding them is rewritten by every client and proxy on the way.
            fail(field, "must not be . or ..");
        }
    }

    /** An expiry in the past would store a memory nobody can ever read; past year 9999, PostgreSQL cannot store it. */
    private void expiry(String field, java.time.Instant expiresAt) {
        if (expiresAt == null) {
            return;
        }
        if (!expiresAt.isAfter(java.time.Instant.now())) {
            fail(field, "must be in the future");
        } else if (expiresAt.isAfter(Limits.EXPIRES_AT_MAX)) {
            fail(field, "must be no later than " + Limits.EXPIRES_AT_MAX);
        }
    }

    private void text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            fail(field, "must not be empty");
        } else if (value.length() > maxChars) {
            fail(field, "must be at most " + maxChars + " characters, got " + value.length());
        } else {
            storable(field, value);
        }
    }

    private void optionalText(String field, String value, int maxChars) {
        if (value != null) {
            text(field, value, maxChars);
        }
    }

    private void storable(String field, String value) {
        StorableValues.text(field, value, this::fail);
    }

    private void categories(String field, List<String> categories) {
        if (categories == null) {
            return;
        }
        if (categories.size() > Limits.CATEGORIES_MAX) {
            fail(field, "must have at most " + Limits.CATEGORIES_MAX + " entries");
            return;
        }
        for (int i = 0; i < categories.size(); i++) {
            text(field + "[" + i + "]", categories.get(i), Limits.CATEGORY_CHARS_MAX);
        }
    }

    private void metadata(String field, Map<String, Object> metadata) {
        StorableValues.metadata(field, metadata, this::fail);
    }

    private void fail(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
