package io.agentmemory.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keyword query split the way keyword search reads it: the free words, any one of which makes a memory match
 * (a natural-language question shares only some of its words with the memory that answers it), and what the caller
 * wrote as a requirement in web search syntax: "quoted phrases" the memory must hold and -words it must not.
 *
 * @param anyWords the free words, for an any-term (OR) query; blank when there are none
 * @param required phrases and exclusions in web search syntax, for {@code websearch_to_tsquery}; null when none
 */
record KeywordQuery(String anyWords, String required) {

    /** A quoted phrase, or a word with a leading minus at the start or after a space. */
    private static final Pattern REQUIREMENT = Pattern.compile("\"[^\"]*\"?|(?<=^|\\s)-[^\\s\"]+");

    static KeywordQuery of(String query) {
        StringBuilder free = new StringBuilder();
        List<String> required = new ArrayList<>();
        Matcher m = REQUIREMENT.matcher(query);
        int last = 0;
        while (m.find()) {
            free.append(query, last, m.start()).append(' ');
            required.add(m.group());
            last = m.end();
        }
        free.append(query.substring(last));
        return new KeywordQuery(free.toString().strip(), required.isEmpty() ? null : String.join(" ", required));
    }
}
