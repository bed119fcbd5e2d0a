package io.agentmemory.engine.facts;

/** How many values an attribute of one subject holds at once. */
public enum Cardinality {
    /** One value at a time: a new value replaces the old one (home city, employer, seat preference, budget). */
    SINGLE,
    /** Many values side by side: a new value is added beside the others (allergies, pets, places visited). */
    MULTI
}
