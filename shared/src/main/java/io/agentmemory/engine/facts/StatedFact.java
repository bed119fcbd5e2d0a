package io.agentmemory.engine.facts;

import java.util.Set;

/**
 * What a fact states, as far as the attribute table can tell: the subject it is about ("user", "sister", "son leo"),
 * the kind of statement, the attribute and its value in comparable form, whether it negates ("No longer eats
 * meat"), whether it says that something changed ("now", "switched to", "went up to"), the value it says it
 * replaces ("instead of Sixt"), and its content words (stemmed) for the looser comparisons.
 *
 * @param attribute for {@link StatementKind#PREFERENCE} the thing preferred ("seat"), for {@link StatementKind#ACTION}
 *                  the verb's stem, otherwise the attribute's name
 * @param qualifier what narrows a preference ("on long flights"), as stemmed words; empty when none
 */
public record StatedFact(String subject, StatementKind kind, String attribute, Set<String> qualifier, String value,
                         boolean negated, boolean changeStated, String replacedValue, Set<String> topics) {

    public Cardinality cardinality() {
        return kind.cardinality();
    }

    /** The key under which a memory that can be replaced is found again, whatever its wording; null when none. */
    public String attributeKey() {
        return kind.cardinality() == Cardinality.SINGLE && kind != StatementKind.ACTION ? subject + "|" + attribute : null;
    }
}
