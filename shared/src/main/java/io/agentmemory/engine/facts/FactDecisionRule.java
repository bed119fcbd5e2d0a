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

    /** Which of the user's memories a fact's nearest-memory ranking must cover, for the ranking to decide nothing new. */
    public enum NearestMemories {
        /** None: the fact is decided by its exact text alone. */
        NONE,
        /** Only memories whose attribute an older table read (or none did): those of its attribute are found by it. */
        READ_BY_AN_OLDER_TABLE,
        /** All the user's memories. */
        ALL
    }

    /**
     * Which of the user's memories the nearest-memory ranking must cover for the fact (the ranking costs the add a
     * scan of those memories' vectors). None for a fact stored as sent, nor for one the attribute table does not
     * read: either is a NOOP of a memory with its exact text (found by that text, whatever the vectors) or an ADD.
     * For a fact of a single-valued attribute that states no change and names no value it replaces, only memories
     * of the same subject and attribute can be the same fact or be replaced by it ({@link FactComparison}); those the
     * current table read carry that attribute and are proposed by it, so similarity need only cover the others.
     * Any other fact may replace a memory of another kind or attribute by name, which only similarity proposes.
     */
    public static NearestMemories nearestMemoriesNeeded(String fact, boolean inferred) {
        if (!inferred) {
            return NearestMemories.NONE;
        }
        Optional<StatedFact> stated = FactReadings.of(fact);
        if (stated.isEmpty()) {
            return NearestMemories.NONE;
        }
        StatedFact reading = stated.get();
        boolean onlyItsAttributeDecides = reading.attributeKey() != null && !reading.changeStated()
                && (reading.replacedValue() == null || reading.replacedValue().isEmpty());
        return onlyItsAttributeDecides ? NearestMemories.READ_BY_AN_OLDER_TABLE : NearestMemories.ALL;
    }

    /** Whether the memories nearest to the fact can change its decision at all ({@link #nearestMemoriesNeeded}). */
    public static boolean usesNearestMemories(String fact, boolean inferred) {
        return nearestMemoriesNeeded(fact, inferred) != NearestMemories.NONE;
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
