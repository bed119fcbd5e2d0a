package io.agentmemory.engine.facts;

import io.agentmemory.engine.api.MemoryEvent;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The ADD / UPDATE / NOOP rule. A fact whose normalised text a memory already has is a NOOP. An extracted fact
 * UPDATEs a memory only when the attribute table reads both as the same single-valued attribute of the same
 * subject with another value (or the new fact says outright that it replaces it); the same attribute and value is
 * a NOOP; everything else is an ADD. Candidates come from similarity and from the attribute key, but neither
 * decides: a memory that merely sounds alike stays. Facts stored as sent ({@code infer=false}) are only ever
 * NOOPs of their exact text, otherwise ADDs.
 */
public final class FactDecisionRule {

    private FactDecisionRule() {
    }

    /**
     * Whether the memories nearest to the fact can change its decision. They cannot for a fact stored as sent, nor
     * for one the attribute table does not read: either is a NOOP of a memory with its exact text (found by that
     * text, whatever the vectors) or an ADD. The nearest-memory ranking costs the add a scan of the user's vectors
     * per fact, so it is left out for such facts.
     */
    public static boolean usesNearestMemories(String fact, boolean inferred) {
        return inferred && FactReadings.of(fact).isPresent();
    }

    /**
     * @param candidates the user's memories that may be versions of the fact, most similar first
     * @param updated    memories an earlier fact of the same request already updated: a memory is updated once
     */
    public static Verdict decide(String fact, String key, boolean inferred, List<KnownMemory> candidates,
                                 Set<UUID> updated) {
        for (KnownMemory candidate : candidates) {
            if (candidate.key().equals(key)) {
                return new Verdict(MemoryEvent.NOOP, candidate);
            }
        }
        if (!inferred) {
            return Verdict.add();
        }
        Optional<StatedFact> stated = FactReadings.of(fact);
        if (stated.isEmpty()) {
            return Verdict.add();
        }
        KnownMemory replaced = null;
        KnownMemory replacedByName = null;
        for (KnownMemory candidate : candidates) {
            Optional<StatedFact> existing = FactReadings.of(candidate.text());
            if (existing.isEmpty()) {
                continue;
            }
            FactComparison.Relation relation = FactComparison.relate(stated.get(), existing.get());
            if (relation == FactComparison.Relation.SAME) {
                return new Verdict(MemoryEvent.NOOP, candidate);
            }
            boolean free = !updated.contains(candidate.id());
            if (relation == FactComparison.Relation.REPLACES && replaced == null && free) {
                replaced = candidate;
            } else if (replacedByName == null && free && FactComparison.replacesByName(stated.get(), existing.get())) {
                replacedByName = candidate;
            }
        }
        KnownMemory target = replaced != null ? replaced : replacedByName;
        return target == null ? Verdict.add() : new Verdict(MemoryEvent.UPDATE, target);
    }
}
