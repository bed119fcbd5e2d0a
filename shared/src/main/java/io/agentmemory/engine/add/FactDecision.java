package io.agentmemory.engine.add;

import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.facts.FactDecisionRule;
import io.agentmemory.engine.facts.KnownMemory;
import io.agentmemory.engine.facts.Verdict;
import io.agentmemory.engine.store.FactStatements.Candidate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One new fact's decision against the memories proposed for it, by {@link FactDecisionRule}: NOOP (the id and text of
 * the memory that already says it), UPDATE (the memory it replaces, keeping its id) or ADD (a new id). A memory is
 * updated at most once per request.
 */
record FactDecision(int factIndex, MemoryEvent event, UUID memoryId, String text, String key, String previousText) {

    FactResult result() {
        return new FactResult(memoryId, event == MemoryEvent.NOOP ? previousText : text, event,
                event == MemoryEvent.UPDATE ? previousText : null);
    }

    static List<FactDecision> decide(List<String> facts, List<String> keys, boolean inferred,
                                     List<List<Candidate>> candidates) {
        List<FactDecision> decisions = new ArrayList<>(facts.size());
        Set<UUID> updated = new HashSet<>();
        for (int i = 0; i < facts.size(); i++) {
            List<KnownMemory> known = candidates.get(i).stream()
                    .map(c -> new KnownMemory(c.id(), c.memory(), c.memoryKey())).toList();
            Verdict verdict = FactDecisionRule.decide(facts.get(i), keys.get(i), inferred, known, updated);
            KnownMemory target = verdict.target();
            decisions.add(switch (verdict.event()) {
                case NOOP -> new FactDecision(i, MemoryEvent.NOOP, target.id(), facts.get(i), keys.get(i), target.text());
                case UPDATE -> {
                    updated.add(target.id());
                    yield new FactDecision(i, MemoryEvent.UPDATE, target.id(), facts.get(i), keys.get(i), target.text());
                }
                default -> new FactDecision(i, MemoryEvent.ADD, UUID.randomUUID(), facts.get(i), keys.get(i), null);
            });
        }
        return decisions;
    }
}
