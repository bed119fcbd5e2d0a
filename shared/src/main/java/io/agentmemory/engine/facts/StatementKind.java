package io.agentmemory.engine.facts;

/** How the attribute table read a fact; each kind has its own test for "another value of the same attribute". */
public enum StatementKind {
    /** A named single-valued attribute: home, employer, diet, "frequent flyer number", "budget for the Italy trip". */
    ATTRIBUTE(Cardinality.SINGLE),
    /** A count that changes: "Has two children". */
    COUNT(Cardinality.SINGLE),
    /** One of many values: allergies, languages, places visited, likes. */
    ONE_OF_MANY(Cardinality.MULTI),
    /** "Prefers X": one preference per thing preferred and context; a new value replaces only when the change is plain. */
    PREFERENCE(Cardinality.SINGLE),
    /** Any other "does something" statement: a new version only when the fact says it changed, or negates it. */
    ACTION(Cardinality.SINGLE);

    private final Cardinality cardinality;

    StatementKind(Cardinality cardinality) {
        this.cardinality = cardinality;
    }

    public Cardinality cardinality() {
        return cardinality;
    }
}
