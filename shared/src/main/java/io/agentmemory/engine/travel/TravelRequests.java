package io.agentmemory.engine.travel;

import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.ValidationException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The rules of the travel requests, one message a rule: which context group is asked for, which preferences are stated. */
final class TravelRequests {

    private TravelRequests() {
    }

    /** The one group asked for, or null for all of them (no type, or a blank one). */
    static ContextGroup contextGroup(String userId, String type) {
        RequestValidator.validateUserId(userId);
        return type == null || type.isBlank() ? null : ContextGroup.byField(type.strip())
                .orElseThrow(() -> ValidationException.of("type", "must be one of " + Arrays.stream(ContextGroup.values())
                        .map(ContextGroup::field).collect(Collectors.joining(", "))));
    }

    /** Preference slot → the fact that states it, in a stable order; at least one. */
    static Map<String, String> preferenceFacts(String userId, TravelPreferences preferences, String category) {
        RequestValidator.validateUserId(userId);
        if (preferences == null) {
            throw ValidationException.of("preferences", "is required");
        }
        Map<String, String> facts = PreferenceFacts.of(preferences);
        if (facts.isEmpty()) {
            throw ValidationException.of("preferences", "must state at least one preference");
        }
        Map<String, String> factsByField = new LinkedHashMap<>();
        facts.forEach((slot, text) -> factsByField.put("preferences." + slot, text));
        RequestValidator.validatePreferenceFacts(factsByField, category);
        return facts;
    }
}
