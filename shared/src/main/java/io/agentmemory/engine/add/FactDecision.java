package io.agentmemory.engine.add;

import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.store.StoredMatch;

import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;

/**
 * Mem0's per-fact decision, made deterministic: the same normalised text as the nearest memory is a NOOP;
 * a near paraphrase (similarity at or above the threshold) is a changed fact and UPDATEs that memory,
 * keeping its id; anything else is a new memory (ADD). A memory is updated at most once per request.
 */
record FactDecision(int factIndex, MemoryEvent event, UUID memoryId, String text, String key, String previousText) {

    FactResult result() {
        return new FactResult(memoryId, event == MemoryEvent.NOOP ? previousText : text, event,
                event == MemoryEvent.UPDATE ? previousText : null);
    }

    static List<FactDecision> decide(List<String> facts, List<String> keys, List<StoredMatch> matches,
                                     double updateThreshold) {
        List<FactDecision> decisions = new ArrayList<>(facts.size());
        Set<UUID> updated = new HashSet<>();
        for (StoredMatch match : matches) {
            int i = match.factIndex();
            if (match.id() != null && keys.get(i).equals(match.memoryKey())) {
                decisions.add(new FactDecision(i, MemoryEvent.NOOP, match.id(), facts.get(i), keys.get(i), match.memory()));
            } else if (match.id() != null && match.similarity() >= updateThreshold && updated.add(match.id())) {
                decisions.add(new FactDecision(i, MemoryEvent.UPDATE, match.id(), facts.get(i), keys.get(i), match.memory()));
            } else {
                decisions.add(new FactDecision(i, MemoryEvent.ADD, UUID.randomUUID(), facts.get(i), keys.get(i), null));
            }
        }
        return decisions;
    }
}
