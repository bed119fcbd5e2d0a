package io.agentmemory.engine.facts;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** How a new fact relates to an existing one, each kind of statement by its own test. */
final class FactComparison {

    enum Relation { SAME, REPLACES, UNRELATED }

    private FactComparison() {
    }

    static Relation relate(StatedFact fact, StatedFact existing) {
        if (!fact.subject().equals(existing.subject()) || fact.kind() != existing.kind()) {
            return Relation.UNRELATED;
        }
        boolean sameValue = fact.value().equals(existing.value()) && fact.negated() == existing.negated();
        return switch (fact.kind()) {
            case ATTRIBUTE, COUNT -> !fact.attribute().equals(existing.attribute()) ? Relation.UNRELATED
                    : sameValue ? Relation.SAME : Relation.REPLACES;
            case ONE_OF_MANY -> fact.attribute().equals(existing.attribute()) && sameValue ? Relation.SAME : Relation.UNRELATED;
            case PREFERENCE -> relatePreferences(fact, existing, sameValue);
            case ACTION -> relateActions(fact, existing, sameValue);
        };
    }

    /**
     * A stated change that names every word of an existing attribute replaces it even when worded as another kind
     * of statement ("Was upgraded to Marriott Bonvoy platinum status" after "Marriott Bonvoy status is gold"), a
     * stated change that names everything an existing action is about replaces that action, and a fact that names
     * the value it replaces ("… instead of Sixt") replaces the memory holding that value.
     */
    static boolean replacesByName(StatedFact fact, StatedFact existing) {
        if (!fact.subject().equals(existing.subject())) {
            return false;
        }
        if (fact.replacedValue() != null && !fact.replacedValue().isEmpty()
                && (" " + existing.value() + " ").contains(" " + fact.replacedValue() + " ")) {
            return true;
        }
        if (!fact.changeStated()) {
            return false;
        }
        if (existing.kind() == StatementKind.ATTRIBUTE) {
            return fact.topics().containsAll(Arrays.asList(existing.attribute().split(" ")));
        }
        // "Sertraline dose was raised to 100 mg daily" after "Takes 50 mg of sertraline daily".
        return existing.kind() == StatementKind.ACTION && !existing.topics().isEmpty()
                && fact.topics().containsAll(existing.topics());
    }

    private static Relation relatePreferences(StatedFact fact, StatedFact existing, boolean sameValue) {
        if (!fact.attribute().equals(existing.attribute())
                || !Preferences.compatibleContexts(fact.qualifier(), existing.qualifier())) {
            return Relation.UNRELATED;
        }
        if (sameValue) {
            return Relation.SAME;
        }
        return fact.changeStated() || Preferences.excludeEachOther(fact.value(), existing.value())
                ? Relation.REPLACES : Relation.UNRELATED;
    }

    private static Relation relateActions(StatedFact fact, StatedFact existing, boolean sameValue) {
        if (!fact.attribute().equals(existing.attribute())) {
            return Relation.UNRELATED;
        }
        Set<String> shared = new HashSet<>(fact.topics());
        shared.retainAll(existing.topics());
        boolean sameTopic = !shared.isEmpty() || (fact.topics().isEmpty() && existing.topics().isEmpty())
                || (fact.changeStated() && Math.min(fact.topics().size(), existing.topics().size()) <= 2);
        if (!sameTopic) {
            return Relation.UNRELATED;
        }
        if (sameValue) {
            return Relation.SAME;
        }
        return fact.changeStated() || fact.negated() != existing.negated() ? Relation.REPLACES : Relation.UNRELATED;
    }
}
